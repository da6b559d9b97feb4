import { createHash } from "node:crypto";
import { detectSamples, sampleFile, type FormatAttempt } from "./detect";
import { ImportError } from "./errors";
import { FORMATS, formatById } from "./formats";
import { groupFiles } from "./group-files";
import { chooseKeys } from "./keys";
import type { FormatId, ParsedRun, PointBatch, SourceFile } from "./types";
import { expandZip, isZipPath } from "./zip";

export { ImportError, isImportError } from "./errors";
export { detectFormat, type DetectionResult, type FormatAttempt } from "./detect";
export { groupFiles, type FileGroup } from "./group-files";
export type * from "./types";

export interface ImportOptions {
  /** A format id to use instead of detection ("auto" or absent: detect). */
  format?: string;
}

/** One run to import: its files, the format chosen, and a reader that streams its points. */
export interface ImportedRun {
  name: string;
  files: SourceFile[];
  format: FormatId;
  confidence: number;
  /** Every format tried on this run's files, most confident first. */
  tried: FormatAttempt[];
  /**
   * Streams the run's points; the generator's return value is the run's metadata (config,
   * keys, content hash), complete only at the end. Each call reads the files again.
   */
  read(): AsyncGenerator<PointBatch, ParsedRun>;
}

export interface ImportPlan {
  runs: ImportedRun[];
  /** Files that are no log (checkpoints, binaries, images) or a duplicate of one. */
  ignored: string[];
}

/**
 * The entry point: expands zips, groups files into runs, detects each run's format (or uses
 * `opts.format`). Throws ImportError (with `tried`) when a run's files match no format.
 */
export async function importFiles(files: SourceFile[], opts: ImportOptions = {}): Promise<ImportPlan> {
  const forced = opts.format && opts.format !== "auto" ? opts.format : undefined;
  if (forced && !formatById(forced)) {
    throw new ImportError({ file: files[0]?.path ?? "(none)", expected: `a format among ${FORMATS.map((f) => f.id).join(", ")}`, found: JSON.stringify(forced) });
  }
  const expanded = (await Promise.all(files.map((f) => (isZipPath(f.path) ? expandZip(f) : [f])))).flat();
  const byPath = new Map(expanded.map((f) => [f.path.replace(/\\/g, "/"), f]));
  const { groups, ignored } = groupFiles([...byPath.keys()]);
  const runs: ImportedRun[] = [];
  for (const g of groups) {
    const groupFilesList = g.files.map((p) => byPath.get(p)!);
    const { best, tried } = detectSamples(await Promise.all(groupFilesList.map((f) => sampleFile(f))));
    const format = forced ? (forced as FormatId) : best?.format;
    if (!format) {
      throw new ImportError({
        file: g.files[0],
        expected: "a supported log format",
        found: `none matched (${tried.map((t) => `${t.format}: ${t.reason}`).join("; ")})`,
        tried,
      });
    }
    const confidence = tried.find((t) => t.format === format)?.confidence ?? 0;
    const run: Omit<ImportedRun, "read"> = { name: g.name, files: groupFilesList, format, confidence, tried };
    runs.push({ ...run, read: () => readRun(run) });
  }
  return { runs, ignored };
}

/** Per-file SHA-256 of the bytes a parser reads; files not read to the end are hashed apart. */
class ContentHasher {
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

async function* readRun(run: Omit<ImportedRun, "read">): AsyncGenerator<PointBatch, ParsedRun> {
  const format = formatById(run.format)!;
  const hasher = new ContentHasher();
  const parser = format.parse(run.files.map((f) => hasher.wrap(f)));
  const keys = new Set<string>();
  let values = 0;
  let r = await parser.next();
  while (!r.done) {
    for (const k in r.value.values) {
      keys.add(k);
      for (const v of r.value.values[k]) if (v !== null) values++;
    }
    yield r.value;
    r = await parser.next();
  }
  if (values === 0) {
    throw new ImportError({ file: run.files[0].path, expected: `at least one numeric metric value (as ${format.title})`, found: "none" });
  }
  const meta = r.value;
  return {
    format: run.format,
    confidence: run.confidence,
    name: meta.name ?? run.name,
    config: meta.config,
    ...(meta.tags ? { tags: meta.tags } : {}),
    keys: chooseKeys([...keys], meta.keys),
    contentHash: await hasher.digest(run.files),
    files: run.files.map((f) => f.path),
    warnings: meta.warnings,
  };
}

export interface MetricSummary {
  count: number;
  minStep: number;
  maxStep: number;
  first: number;
  last: number;
}

export interface RunPreview {
  run: ParsedRun;
  /** Values (non-null (step, key) pairs) read, duplicates across batches included. */
  points: number;
  metrics: Record<string, MetricSummary>;
}

/** Reads a whole run and summarises it for the preview: per key, count, step range, first/last. */
export async function previewRun(run: ImportedRun): Promise<RunPreview> {
  const metrics: Record<string, MetricSummary> = {};
  let points = 0;
  const it = run.read();
  let r = await it.next();
  while (!r.done) {
    const { step, values } = r.value;
    for (const key in values) {
      const col = values[key];
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (v === null) continue;
        points++;
        const m = (metrics[key] ??= { count: 0, minStep: step[i], maxStep: step[i], first: v, last: v });
        m.count++;
        if (step[i] < m.minStep) m.minStep = step[i];
        if (step[i] >= m.maxStep) m.maxStep = step[i];
        m.last = v;
      }
    }
    r = await it.next();
  }
  return { run: r.value, points, metrics };
}

export interface FormatInfo {
  id: FormatId;
  title: string;
  detection: string;
  example: string;
}

/** The formats with their detection rules and an example, for `GET /api/v1/import/formats`. */
export function formatsCatalog(): FormatInfo[] {
  return FORMATS.map(({ id, title, detection, example }) => ({ id, title, detection, example }));
}
