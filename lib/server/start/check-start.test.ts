import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/env";
import { bindRefusal } from "./check-start";

describe("binding a network address", () => {
  it("is refused in local mode, pointing to team mode and the read-only opt-in", () => {
    const msg = bindRefusal(parseEnv({ HOST: "0.0.0.0" }));
    expect(msg).toMatch(/ANNEAL_MODE=team/);
    expect(msg).toMatch(/ANNEAL_OPEN_READS=1/);
  });

  it("is fine on loopback, with the read-only opt-in, and in team mode", () => {
    expect(bindRefusal(parseEnv({ HOST: "127.0.0.1" }))).toBeNull();
    expect(bindRefusal(parseEnv({ HOST: "0.0.0.0", ANNEAL_OPEN_READS: "1" }))).toBeNull();
    expect(bindRefusal(parseEnv({ HOST: "0.0.0.0", ANNEAL_MODE: "team" }))).toBeNull();
  });
});
