import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomBytes } from "node:crypto";
import { invalidParam, MlflowError } from "@/lib/mlflow/errors";
import { env } from "@/lib/server/env";

/**
 * Artifact files of runs (MLflow's mlflow-artifacts proxy): <ANNEAL_ARTIFACTS_DIR>/<run id>/<path>.
 * Paths come from clients: every segment is checked (no "..", no absolute paths, no backslashes
 * or control characters) and the resolved path must stay inside the run's folder.
 */
export function artifactsRoot(): string {
  const e = env();
  if (e.ANNEAL_ARTIFACTS_DIR) return path.resolve(e.ANNEAL_ARTIFACTS_DIR);
  if (e.ANNEAL_DATA_DIR === ":memory:") return path.join(tmpdir(), `anneal-artifacts-${process.pid}`);
  return path.resolve(e.ANNEAL_DATA_DIR, "artifacts");
}

export const maxArtifactBytes = () => env().ANNEAL_ARTIFACT_MAX_MB * 1024 * 1024;

/** Validates a relative artifact path ("" is the run's root) and returns its normalised segments. */
export function artifactSegments(relative: string): string[] {
  if (relative.length > 4096) throw invalidParam("Invalid artifact path: longer than 4096 characters");
  if (/[\\\u0000-\u001f]/.test(relative) || relative.startsWith("/") || /^[A-Za-z]:/.test(relative)) {
    throw invalidParam(`Invalid artifact path '${relative.slice(0, 200)}': use a relative path with '/' separators`);
  }
  const segments = relative.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.some((s) => s === "..")) throw invalidParam(`Invalid artifact path '${relative.slice(0, 200)}': '..' is not allowed`);
  return segments;
}

/** Whether a name can be a run's folder (anything else under the root is never touched by Anneal). */
export const isRunFolderName = (name: string) => /^[A-Za-z0-9_-]{1,64}$/.test(name);

function runDir(runId: string): string {
  if (!isRunFolderName(runId)) throw invalidParam(`Invalid run id '${runId}'`);
  return path.join(artifactsRoot(), runId);
}

/** The absolute file path of a run's artifact, checked to stay inside the run's folder. */
export function artifactFile(runId: string, relative: string): string {
  const base = runDir(runId);
  const full = path.resolve(base, ...artifactSegments(relative));
  if (full !== base && !full.startsWith(base + path.sep)) throw invalidParam("Invalid artifact path: outside the run's artifacts");
  return full;
}

/** Streams a request body into the artifact, refusing more than the size limit; the file appears only when complete. */
export async function writeArtifact(
  runId: string,
  relative: string,
  body: ReadableStream<Uint8Array> | null,
  declaredLength: number | null,
  limit = maxArtifactBytes(),
): Promise<void> {
  const tooLarge = () => new MlflowError("RESOURCE_EXHAUSTED", `Artifact exceeds the limit of ${limit} bytes (ANNEAL_ARTIFACT_MAX_MB)`);
  if (declaredLength !== null && declaredLength > limit) throw tooLarge();
  if (artifactSegments(relative).length === 0) throw invalidParam("Invalid artifact path: name a file");
  const target = artifactFile(runId, relative);
  await mkdir(path.dirname(target), { recursive: true });
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw invalidParam(`Invalid artifact path '${relative}': a directory of that name exists`);
  const temp = `${target}.upload-${randomBytes(6).toString("hex")}`;
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > limit ? tooLarge() : null, chunk);
    },
  });
  try {
    const source = body ? Readable.fromWeb(body as import("node:stream/web").ReadableStream) : Readable.from([]);
    await pipeline(source, counter, createWriteStream(temp));
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export interface ArtifactEntry {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** The entries directly under a folder of the run's artifacts (paths relative to `relative`), sorted; a missing folder is empty. */
export async function listArtifacts(runId: string, relative: string): Promise<ArtifactEntry[]> {
  const dir = artifactFile(runId, relative);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: ArtifactEntry[] = [];
  for (const e of entries) {
    if (e.name.includes(".upload-")) continue; // an upload in progress
    if (e.isDirectory()) out.push({ path: e.name, is_dir: true });
    else if (e.isFile()) out.push({ path: e.name, is_dir: false, file_size: (await stat(path.join(dir, e.name))).size });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Every file of the run's artifacts, with paths relative to the run's root (the run page lists them all), at most `limit`. */
export async function listAllArtifacts(runId: string, limit = 10_000): Promise<ArtifactEntry[]> {
  const out: ArtifactEntry[] = [];
  const walk = async (relative: string) => {
    for (const e of await listArtifacts(runId, relative)) {
      if (out.length >= limit) return;
      const p = relative ? `${relative}/${e.path}` : e.path;
      if (e.is_dir) await walk(p);
      else out.push({ ...e, path: p });
    }
  };
  await walk("");
  return out;
}

/** Types served inline; anything else downloads as bytes (artifacts are user content: never rendered as HTML). */
const INLINE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
  txt: "text/plain; charset=utf-8",
  log: "text/plain; charset=utf-8",
  csv: "text/plain; charset=utf-8",
  md: "text/plain; charset=utf-8",
  yaml: "text/plain; charset=utf-8",
  yml: "text/plain; charset=utf-8",
  py: "text/plain; charset=utf-8",
  json: "application/json",
};

export const isImageArtifact = (p: string) => /^image\//.test(INLINE_TYPES[p.slice(p.lastIndexOf(".") + 1).toLowerCase()] ?? "");

/** A file's bytes as a streamed response; folders and missing files are RESOURCE_DOES_NOT_EXIST. */
export async function readArtifact(runId: string, relative: string): Promise<Response> {
  const file = artifactFile(runId, relative);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new MlflowError("RESOURCE_DOES_NOT_EXIST", `Artifact '${relative}' not found`);
  const name = path.basename(file);
  const type = INLINE_TYPES[name.slice(name.lastIndexOf(".") + 1).toLowerCase()];
  const stream = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "content-type": type ?? "application/octet-stream",
      "content-length": String(info.size),
      "content-disposition": `${type ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(name)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; img-src 'self'; sandbox",
    },
  });
}

/** Removes every artifact of a run or logged model (its folder): called once its row is gone. */
export async function deleteArtifactFolder(runId: string): Promise<void> {
  await rm(runDir(runId), { recursive: true, force: true });
}

export async function deleteArtifact(runId: string, relative: string): Promise<void> {
  if (artifactSegments(relative).length === 0) throw invalidParam("Invalid artifact path: name a file or folder");
  await rm(artifactFile(runId, relative), { recursive: true, force: true });
}
