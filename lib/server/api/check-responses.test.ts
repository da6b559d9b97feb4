import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZWireNumber } from "@/lib/schemas/wire";
import { checkedAnswer } from "./check-responses";
import type { RouteEntry, RouteKey } from "./registry";

const KEY = "GET /api/v1/health" as RouteKey;
const entry = (responses: RouteEntry["responses"]): RouteEntry => ({ summary: "test", access: "public", responses });
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const ZThing = z.strictObject({ n: ZWireNumber, name: z.string() });

/** The error the check answers with (a 500 envelope before the body, or the stream's error after). */
async function refusal(spec: RouteEntry, res: Response): Promise<string | null> {
  try {
    const checked = checkedAnswer(KEY, spec, res);
    await checked.text();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe("checkedAnswer (ANNEAL_CHECK_RESPONSES)", () => {
  it("lets an answer through unchanged when it is what the registry says, non-finite spellings included", async () => {
    const res = checkedAnswer(KEY, entry({ 200: ZThing }), json({ n: "NaN", name: "a" }));
    expect(await res.json()).toEqual({ n: "NaN", name: "a" });
    expect(await refusal(entry({ 204: "empty" }), new Response(null, { status: 204 }))).toBeNull();
  });

  it("refuses an undocumented field, a wrong type, an unlisted status and a wrong content type", async () => {
    expect(await refusal(entry({ 200: ZThing }), json({ n: 1, name: "a", extra: true }))).toMatch(/Unrecognized key.*extra/);
    expect(await refusal(entry({ 200: ZThing }), json({ n: "1", name: "a" }))).toMatch(/n: /);
    expect(await refusal(entry({ 201: ZThing }), json({ n: 1, name: "a" }))).toMatch(/status 200 is not listed/);
    expect(await refusal(entry({ 200: ZThing }), new Response("n,name", { headers: { "content-type": "text/csv" } }))).toMatch(/content type/);
    expect(await refusal(entry({ 200: ZThing }), new Response(null, { status: 204 }))).toMatch(/status 204 is not listed/);
  });
});
