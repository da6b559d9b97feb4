import { jsonDepth, MAX_JSON_DEPTH } from "../schemas/common";
import { ContentHasher } from "./content-hash";
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
export { previewRun, type MetricSummary, type RunPreview } from "./preview";
export type * from "./types";

export interface ImportOptions {
  /** A format id to use instead of detection ("auto" or absent: detect). */
  format?: string;
  /**
   * Folder walks: a group of files matching no format goes to `unrecognized` instead of failing
   * the whole import (default false: the API's "nothing imported from a request that fails").
   */
  skipUnrecognized?: boolean;
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
  /** With `skipUnrecognized`: groups no format matched, with every format's reason. */
  unrecognized: { files: string[]; tried: FormatAttempt[] }[];
}

/**
 * The entry point: expands zips, groups files into runs, detects each run's format (or uses
 * `opts.format`). Throws ImportError (with `tried`) when a run's files match no format.
 */
export async function importFiles(files: SourceFile[], opts: ImportOptions = {}): Promise<ImportPlan> {
  const forced = opts.format && opts.format !== "auto" ? opts.format : undefined;
  if (forced && !formatById(forced)) {
    throw new ImportError({
      file: files[0]?.path ?? "(none)",
      expected: `a format among ${FORMATS.map((f) => f.id).join(", ")}`,
      found: JSON.stringify(forced),
    });
  }
  const expanded = (await Promise.all(files.map(async (f) => (isZipPath(f.path) ? expandZip(f) : [f])))).flat();
  const byPath = new Map(expanded.map((f) => [f.path.replace(/\\/g, "/"), f]));
  const { groups, ignored } = groupFiles([...byPath.keys()]);
  const runs: ImportedRun[] = [];
  const unrecognized: ImportPlan["unrecognized"] = [];
  for (const g of groups) {
    const groupFilesList = g.files.map((p) => byPath.get(p)!);
    const { best, tried } = detectSamples(await Promise.all(groupFilesList.map((f) => sampleFile(f))));
    const format = forced ? (forced as FormatId) : best?.format;
    if (!format && opts.skipUnrecognized) {
      unrecognized.push({ files: g.files, tried });
      continue;
    }
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
  return { runs, ignored, unrecognized };
}

async function* readRun(run: Omit<ImportedRun, "read">): AsyncGenerator<PointBatch, ParsedRun> {
  const format = formatById(run.format)!;
  const hasher = new ContentHasher();
  const parser = format.parse(run.files.map((f) => hasher.wrap(f)));
  const keys = new Set<string>();
  const collapsed: Record<string, number> = {};
  let regressions = 0;
  let r = await parser.next();
  while (!r.done) {
    // BatchBuilder creates a column only with its first value: a key means a value.
    for (const k in r.value.values) keys.add(k);
    for (const k in r.value.collapsed) collapsed[k] = (collapsed[k] ?? 0) + r.value.collapsed[k];
    regressions += r.value.regressions ?? 0;
    yield r.value;
    r = await parser.next();
  }
  if (keys.size === 0) {
    throw new ImportError({ file: run.files[0].path, expected: `at least one numeric metric value (as ${format.title})`, found: "none" });
  }
  const meta = r.value;
  const depth = jsonDepth(meta.config);
  if (depth > MAX_JSON_DEPTH) {
    throw new ImportError({ file: run.files[0].path, expected: `a config nested at most ${MAX_JSON_DEPTH} levels deep`, found: `${depth} levels` });
  }
  return {
    format: run.format,
    confidence: run.confidence,
    name: meta.name ?? run.name,
    config: meta.config,
    ...(meta.tags ? { tags: meta.tags } : {}),
    keys: chooseKeys([...keys], meta.keys),
    contentHash: await hasher.digest(run.files),
    files: run.files.map((f) => f.path),
    warnings: [...meta.warnings, ...collapseWarnings(collapsed, regressions, meta.keys.x)],
    notes: meta.notes ?? [],
    collapsed,
  };
}

/** What the preview says when values of different lines fell on one (key, step), or steps went back. */
function collapseWarnings(collapsed: Record<string, number>, regressions: number, x: string): string[] {
  const out: string[] = [];
  const keys = Object.entries(collapsed).sort((a, b) => b[1] - a[1]);
  if (keys.length) {
    const total = keys.reduce((n, [, c]) => n + c, 0);
    const list = keys
      .slice(0, 5)
      .map(([k, c]) => `${k} ×${c}`)
      .join(", ");
    out.push(
      `${total} value${total === 1 ? "" : "s"} fell on a ${x} another line already held with a different value, and only the last is kept ` +
        `(${list}${keys.length > 5 ? `, and ${keys.length - 5} more keys` : ""}): the file logs several values per ${x} for these keys.`,
    );
  }
  if (regressions) {
    out.push(
      `${regressions} line${regressions === 1 ? "" : "s"} went back to earlier steps (a resumed or concatenated log?): where a step repeats, the later value is kept.`,
    );
  }
  return out;
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
