import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { ImportError } from "./errors";
import { readAllBytes } from "./text/read-all";
import type { SourceFile } from "./types";

/** Largest zip accepted; it is held compressed in memory while entries stream out of it. */
export const MAX_ZIP_BYTES = 1024 * 1024 * 1024;
const PUSH_BYTES = 1024 * 1024;

export function isZipPath(path: string): boolean {
  return /\.zip$/i.test(path);
}

/** Walks the zip's local headers, calling `onFile` for each entry (which may start it). */
function walk(data: Uint8Array, onFile: (f: UnzipFile) => void, after?: () => boolean): Iterable<void> {
  const uz = new Unzip(onFile);
  uz.register(UnzipInflate);
  return (function* () {
    for (let off = 0; off < data.length; off += PUSH_BYTES) {
      uz.push(data.subarray(off, Math.min(off + PUSH_BYTES, data.length)), off + PUSH_BYTES >= data.length);
      yield;
      if (after?.()) return;
    }
  })();
}

/**
 * A zip's file entries as SourceFiles, paths prefixed with the zip's name without `.zip` (so a
 * zipped run folder is named after the zip). Entries decompress as a stream when opened.
 */
export async function expandZip(zip: SourceFile): Promise<SourceFile[]> {
  const data = await readAllBytes(zip, MAX_ZIP_BYTES);
  const prefix = zip.path.replace(/\.zip$/i, "");
  const names: string[] = [];
  try {
    for (const _ of walk(data, (f) => names.push(f.name)));
  } catch (e) {
    throw new ImportError({ file: zip.path, expected: "a valid zip archive", found: (e as Error).message });
  }
  return names
    .filter((n) => !n.endsWith("/") && !n.startsWith("__MACOSX/") && !/(^|\/)\.DS_Store$/.test(n))
    .map((name) => ({ path: `${prefix}/${name}`, open: () => openEntry(zip.path, data, name) }));
}

async function* openEntry(zipPath: string, data: Uint8Array, name: string): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let finished = false;
  let failure: Error | undefined;
  const steps = walk(
    data,
    (f) => {
      if (f.name !== name) return;
      f.ondata = (err, chunk, final) => {
        if (err) failure = err;
        else {
          if (chunk.length) out.push(chunk);
          if (final) finished = true;
        }
      };
      f.start();
    },
    () => finished,
  );
  try {
    for (const _ of steps) {
      if (failure) throw failure;
      while (out.length) yield out.shift()!;
    }
  } catch (e) {
    throw new ImportError({ file: `${zipPath}/${name}`, expected: "a readable zip entry", found: (e as Error).message });
  }
  while (out.length) yield out.shift()!;
}
