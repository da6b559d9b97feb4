import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { ImportError, ImportLimitError } from "./errors";
import type { SourceFile } from "./types";

/**
 * Zip bombs: limits on what one zip may expand to. A zip is never held in memory: listing it and
 * opening an entry each stream it from its source (the upload's spooled file), and an entry's
 * output is counted as it is inflated against the compressed bytes read so far, so a bomb is
 * stopped after its first chunk (64 KiB in, at most ~64 MiB out), long before it is parsed.
 */
export const ZIP_LIMITS = {
  /** Entries in one zip. */
  entries: 10_000,
  /** One entry, decompressed. */
  entryBytes: 4 * 1024 ** 3,
  /** All entries of one zip, as their headers declare them. */
  zipBytes: 16 * 1024 ** 3,
  /** One entry's output may be at most this many times the compressed bytes read for it… */
  ratio: 100,
  /** …once it is past this size (tiny, very compressible files are fine). */
  ratioFloor: 1024 * 1024,
};

const PUSH_BYTES = 8 * 1024;

export function isZipPath(path: string): boolean {
  return /\.zip$/i.test(path);
}

/**
 * Streams the zip through fflate's Unzip, calling `onFile` for each entry (which may start it);
 * yields after each pushed chunk. `position.read` counts the zip bytes pushed so far (the chunk
 * being inflated included).
 */
async function* walk(zip: SourceFile, onFile: (f: UnzipFile) => void, position = { read: 0 }): AsyncGenerator<void> {
  const uz = new Unzip(onFile);
  uz.register(UnzipInflate);
  for await (const chunk of zip.open()) {
    // Small pushes: inflating is synchronous, and a bomb's 8 KiB already expand to ~8 MiB.
    for (let off = 0; off < chunk.length; off += PUSH_BYTES) {
      const part = chunk.subarray(off, off + PUSH_BYTES);
      position.read += part.length;
      uz.push(part, false);
      yield;
    }
  }
  uz.push(new Uint8Array(0), true);
  yield;
}

/**
 * A zip's file entries as SourceFiles, paths prefixed with the zip's name without `.zip` (so a
 * zipped run folder is named after the zip). Entries decompress as a stream when opened.
 */
export async function expandZip(zip: SourceFile): Promise<SourceFile[]> {
  const names: string[] = [];
  let declared = 0;
  try {
    for await (const _ of walk(zip, (f) => {
      if (names.length >= ZIP_LIMITS.entries) throw new ImportLimitError(zip.path, `at most ${ZIP_LIMITS.entries} entries per zip`);
      names.push(f.name);
      declared += f.originalSize ?? 0;
      if (declared > ZIP_LIMITS.zipBytes) throw new ImportLimitError(zip.path, `at most ${gib(ZIP_LIMITS.zipBytes)} decompressed per zip`);
    }));
  } catch (e) {
    if (e instanceof ImportLimitError) throw e;
    throw new ImportError({ file: zip.path, expected: "a valid zip archive", found: (e as Error).message });
  }
  const prefix = zip.path.replace(/\.zip$/i, "");
  return names
    .filter((n) => !n.endsWith("/") && !n.startsWith("__MACOSX/") && !/(^|\/)\.DS_Store$/.test(n))
    .map((name) => ({ path: `${prefix}/${name}`, open: () => openEntry(zip, name) }));
}

async function* openEntry(zip: SourceFile, name: string): AsyncGenerator<Uint8Array> {
  const path = `${zip.path}/${name}`;
  const out: Uint8Array[] = [];
  const position = { read: 0 };
  let startedAt = 0;
  let produced = 0;
  let finished = false;
  let failure: Error | undefined;
  const steps = walk(
    zip,
    (f) => {
      if (f.name !== name || finished) return;
      startedAt = position.read;
      f.ondata = (err, chunk, final) => {
        if (err) failure = err;
        else {
          produced += chunk.length;
          const over = overLimit(produced, position.read - startedAt);
          if (over) {
            failure = new ImportLimitError(path, over);
            f.terminate();
            return;
          }
          if (chunk.length) out.push(chunk);
          if (final) finished = true;
        }
      };
      f.start();
    },
    position,
  );
  try {
    for await (const _ of steps) {
      if (failure) throw failure;
      while (out.length) yield out.shift()!;
      if (finished) break;
    }
  } catch (e) {
    if (e instanceof ImportLimitError) throw e;
    throw new ImportError({ file: path, expected: "a readable zip entry", found: (e as Error).message });
  } finally {
    await steps.return(0);
  }
  while (out.length) yield out.shift()!;
}

/** Which limit an entry's output breaks, given the compressed bytes read for it so far (null: none). */
export function overLimit(produced: number, compressedRead: number): string | null {
  if (produced > ZIP_LIMITS.entryBytes) return `at most ${gib(ZIP_LIMITS.entryBytes)} per zip entry, decompressed`;
  if (produced > ZIP_LIMITS.ratioFloor && produced > ZIP_LIMITS.ratio * compressedRead)
    return `an entry may expand at most ${ZIP_LIMITS.ratio}× its compressed size; more is refused as a zip bomb (unzip it and upload the files)`;
  return null;
}

const gib = (n: number) => `${n / 1024 ** 3} GiB`;
