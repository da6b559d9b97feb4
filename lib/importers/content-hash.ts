import { createHash } from "node:crypto";
import type { SourceFile } from "./types";

/** Per-file SHA-256 of the bytes a parser reads; files not read to the end are hashed apart. */
export class ContentHasher {
  private digests = new Map<string, string>();

  wrap(file: SourceFile): SourceFile {
    return {
      path: file.path,
      open: () => this.hashing(file),
    };
  }

  private async *hashing(file: SourceFile): AsyncGenerator<Uint8Array> {
    const h = createHash("sha256");
    for await (const chunk of file.open()) {
      h.update(chunk);
      yield chunk;
    }
    this.digests.set(file.path, h.digest("hex"));
  }

  /**
   * The run's hash: SHA-256 over each file's digest and its path relative to the files' common
   * folder, so the same run uploaded from another folder, or zipped, hashes the same.
   */
  async digest(files: SourceFile[]): Promise<string> {
    const prefix = commonDir(files.map((f) => f.path));
    const total = createHash("sha256");
    for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      if (!this.digests.has(f.path)) for await (const _ of this.hashing(f));
      total.update(`${f.path.slice(prefix.length)}\0${this.digests.get(f.path)}\n`);
    }
    return total.digest("hex");
  }
}

function commonDir(paths: string[]): string {
  if (paths.length === 0) return "";
  let prefix = paths[0].slice(0, paths[0].lastIndexOf("/") + 1);
  for (const p of paths) while (!p.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf("/", prefix.length - 2) + 1);
  return prefix;
}
