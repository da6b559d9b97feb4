import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { readdirSync, statSync } from "node:fs";
import type { SourceFile } from "../types";

/** A SourceFile over bytes or text, delivered in chunks of `chunk` bytes (to test chunk borders). */
export function memFile(path: string, content: string | Uint8Array, chunk = 7): SourceFile {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return {
    path,
    async *open() {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, Math.min(i + chunk, bytes.length));
    },
  };
}

export const REPO = join(__dirname, "../../..");

/** A committed fixture as a SourceFile, its path relative to the repo root. */
export function fixtureFile(rel: string, chunk = 64 * 1024): SourceFile {
  return memFile(rel, readFileSync(join(REPO, rel)), chunk);
}

/** Every file under a fixture folder. */
export function fixtureDir(rel: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(fixtureFile(relative(REPO, p)));
    }
  };
  walk(join(REPO, rel));
  return out;
}
