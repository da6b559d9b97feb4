import "server-only";
import Busboy from "busboy";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import type { SourceFile } from "@/lib/importers";
import { ApiError } from "@/lib/server/api/errors";

/** What one import request may hold (zips have their own limits: lib/importers/zip.ts). */
export const UPLOAD_LIMITS = {
  /** The whole request body. */
  requestBytes: 4 * 1024 ** 3,
  files: 2000,
  fields: 50,
  fieldBytes: 1024 * 1024,
};

export interface Upload {
  fields: Record<string, string>;
  files: SourceFile[];
  /** Removes the spooled files. */
  cleanup(): void;
}

const tooLarge = (limit: string, path = "body") => new ApiError("payload_too_large", `Upload refused: ${limit}`, [{ path, message: limit }]);

/**
 * Streams a multipart upload to a temporary folder (memory stays flat for any file size); the
 * files can then be read as often as detection and parsing need. Paths sent as filenames (a
 * dropped folder's relative paths) are kept for grouping files into runs.
 *
 * `authorize` sees the text fields sent before the first file (the project comes first) and runs
 * before any file byte is accepted: a refused caller's files are never read, let alone stored.
 */
export async function receiveUpload(request: Request, authorize: (fields: Record<string, string>) => Promise<void>): Promise<Upload> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(type)) throw new ApiError("unsupported_media_type", "Expected multipart/form-data with one or more 'files'");
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > UPLOAD_LIMITS.requestBytes) throw tooLarge(`at most ${UPLOAD_LIMITS.requestBytes / 1024 ** 3} GiB per request`);
  if (!request.body) throw new ApiError("invalid_argument", "Empty upload");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "anneal-upload-"));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  const files: SourceFile[] = [];
  const writes: Promise<void>[] = [];
  let authorized: Promise<void> | undefined;
  const ensureAuthorized = () => (authorized ??= authorize({ ...fields }));
  try {
    const bb = Busboy({
      headers: { "content-type": type },
      preservePath: true,
      limits: { files: UPLOAD_LIMITS.files, fields: UPLOAD_LIMITS.fields, fieldSize: UPLOAD_LIMITS.fieldBytes, fileSize: UPLOAD_LIMITS.requestBytes },
    });
    // Widened on purpose: set from the callbacks below, which TypeScript's narrowing doesn't see.
    let failure = null as ApiError | null;
    const fail = (err: ApiError) => {
      failure ??= err;
      body.destroy(err);
    };
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated) fail(tooLarge(`at most ${UPLOAD_LIMITS.fieldBytes / 1024 / 1024} MiB per form field`, name));
      fields[name] = value;
    });
    bb.on("file", (name, stream, info) => {
      // A failed request tears busboy down, which errors the open file streams: the request's own error is the one reported.
      stream.on("error", () => {});
      if (name !== "files" && name !== "file") {
        stream.resume();
        return;
      }
      const logical = safePath(info.filename || `upload-${files.length}`);
      const disk = path.join(dir, String(files.length));
      files.push({ path: logical, open: () => fs.createReadStream(disk) });
      // Not a byte of the file is consumed until the caller is authorized (busboy waits meanwhile).
      writes.push(
        ensureAuthorized().then(
          // A request that failed meanwhile (a limit, a torn body) spools nothing more: its folder is about to go.
          () => (failure ? void stream.resume() : pipeline(stream, fs.createWriteStream(disk))),
          (err: unknown) => {
            fail(err instanceof ApiError ? err : new ApiError("internal", String(err)));
            stream.resume();
          },
        ),
      );
    });
    bb.on("filesLimit", () => fail(tooLarge(`at most ${UPLOAD_LIMITS.files} files per request`, "files")));
    bb.on("fieldsLimit", () => fail(tooLarge(`at most ${UPLOAD_LIMITS.fields} form fields per request`, "fields")));
    const body = Readable.fromWeb(request.body as unknown as NodeWebStream);
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > UPLOAD_LIMITS.requestBytes) done(tooLarge(`at most ${UPLOAD_LIMITS.requestBytes / 1024 ** 3} GiB per request`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, bb);
    } catch (err) {
      throw failure ?? err;
    }
    await Promise.all(writes);
    if (failure) throw failure;
    await ensureAuthorized();
    if (!files.length)
      throw new ApiError("invalid_argument", "No files in the upload", [{ path: "files", message: "attach one or more files (field name 'files')" }]);
    return { fields, files, cleanup };
  } catch (err) {
    // Spools still in flight would recreate or write into the folder after it is removed (and reject unobserved).
    await Promise.allSettled(writes);
    cleanup();
    if (err instanceof ApiError) throw err;
    throw new ApiError("invalid_argument", `Malformed multipart upload: ${(err as Error).message}`);
  }
}

/** Keeps a relative path's shape for grouping but never lets it climb out of its folder. */
function safePath(name: string): string {
  const parts = name
    .replace(/\\/g, "/")
    .split("/")
    .filter((p) => p && p !== "." && p !== "..");
  return parts.join("/") || "upload";
}
