import Busboy from "busboy";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import type { SourceFile } from "@/lib/importers";
import { ApiError } from "@/lib/server/api/errors";

export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;
const MAX_FILES = 2000;

export interface Upload {
  fields: Record<string, string>;
  files: SourceFile[];
  /** Removes the spooled files. */
  cleanup(): void;
}

/**
 * Streams a multipart upload to a temporary folder (memory stays flat for any file size); the
 * files can then be read as often as detection and parsing need. Paths sent as filenames (a
 * dropped folder's relative paths) are kept for grouping files into runs.
 */
export async function receiveUpload(request: Request): Promise<Upload> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(type)) throw new ApiError("unsupported_media_type", "Expected multipart/form-data with one or more 'files'");
  if (!request.body) throw new ApiError("invalid_argument", "Empty upload");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "anneal-upload-"));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  const files: SourceFile[] = [];
  const writes: Promise<void>[] = [];
  try {
    const bb = Busboy({
      headers: { "content-type": type },
      preservePath: true,
      limits: { files: MAX_FILES, fileSize: MAX_UPLOAD_BYTES, fieldSize: 10 * 1024 * 1024 },
    });
    let failure: ApiError | null = null;
    bb.on("field", (name, value) => (fields[name] = value));
    bb.on("file", (name, stream, info) => {
      if (name !== "files" && name !== "file") {
        stream.resume();
        return;
      }
      const logical = safePath(info.filename || `upload-${files.length}`);
      const disk = path.join(dir, String(files.length));
      files.push({ path: logical, open: () => fs.createReadStream(disk) });
      stream.on("limit", () => (failure = new ApiError("payload_too_large", `${logical} exceeds ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB`)));
      writes.push(pipeline(stream, fs.createWriteStream(disk)));
    });
    bb.on("filesLimit", () => (failure = new ApiError("payload_too_large", `At most ${MAX_FILES} files per upload`)));
    await pipeline(Readable.fromWeb(request.body as unknown as NodeWebStream), bb);
    await Promise.all(writes);
    if (failure) throw failure;
    if (!files.length)
      throw new ApiError("invalid_argument", "No files in the upload", [{ path: "files", message: "attach one or more files (field name 'files')" }]);
    return { fields, files, cleanup };
  } catch (err) {
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
