import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A client component that imports server code must fail `next build` ("server-only" cannot be
// imported from a Client Component), not ship database code or secrets to the browser: every
// module of lib/server and lib/db says so. Node-run code (tsx scripts) loads them with the
// react-server condition, under which the package is an empty module.
const root = path.join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.split(path.sep).includes("testing"))
    .map((f) => path.join(dir, f));
}

describe("server-only", () => {
  it("is imported by every server module (lib/server, lib/db)", () => {
    const files = [...sources("lib/server"), ...sources("lib/db")];
    expect(files.length).toBeGreaterThan(100);
    const missing = files.filter((f) => !/^import "server-only";$/m.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(missing).toEqual([]);
  });

  it("resolves to its empty module in every tsx script of package.json", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const tsx = Object.entries(pkg.scripts).filter(([, cmd]) => /\btsx\b/.test(cmd));
    expect(tsx.length).toBeGreaterThan(0);
    expect(tsx.filter(([, cmd]) => !cmd.includes("tsx --conditions=react-server ")).map(([name]) => name)).toEqual([]);
  });
});
