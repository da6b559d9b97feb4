import fs from "node:fs";
import { collectFiles } from "./collect-files";

export interface ImportCommandOptions {
  paths: string[];
  project: string;
  url: string;
  apiKey?: string;
  format?: string;
  name?: string;
  tags?: string[];
  dryRun?: boolean;
  log?: (line: string) => void;
}

interface ApiRun {
  id: string;
  name: string;
  url: string;
  format: string;
  points: number;
  duplicateOf?: { id: string; url: string } | null;
  metrics?: unknown;
  warnings?: string[];
  notes?: string[];
}

/**
 * `anneal import`: uploads files and folders to POST /api/v1/import (the server groups them into
 * runs and detects formats) and prints each run's URL. Returns the process exit code.
 */
export async function importCommand(o: ImportCommandOptions): Promise<number> {
  const log = o.log ?? console.log;
  const files = collectFiles(o.paths);
  if (!files.length) {
    log("nothing to import: no files found");
    return 1;
  }
  const total = files.reduce((s, f) => s + f.size, 0);
  log(`uploading ${files.length} file(s), ${(total / 1024 / 1024).toFixed(1)} MiB, to ${o.url} (project '${o.project}')…`);
  const form = new FormData();
  form.append("project", o.project);
  if (o.format) form.append("format", o.format);
  if (o.name) form.append("name", o.name);
  if (o.tags?.length) form.append("tags", JSON.stringify(o.tags));
  if (o.dryRun) form.append("preview", "true");
  for (const f of files) form.append("files", await fs.openAsBlob(f.absPath), f.uploadPath);
  const res = await fetch(`${o.url.replace(/\/$/, "")}/api/v1/import`, {
    method: "POST",
    body: form,
    headers: o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {},
  });
  const body = (await res.json().catch(() => null)) as {
    runs?: ApiRun[];
    ignored?: string[];
    error?: { message: string; details?: { path: string; message: string }[] };
  } | null;
  if (!res.ok || !body?.runs) {
    log(`import failed (${res.status}): ${body?.error?.message ?? res.statusText}`);
    for (const d of body?.error?.details ?? []) log(`  ${d.path}: ${d.message}`);
    return 1;
  }
  for (const r of body.runs) {
    if (o.dryRun) log(`would import ${r.name} (${r.format}, ${r.points} values)${r.duplicateOf ? `: already imported as ${r.duplicateOf.url}` : ""}`);
    else if (r.duplicateOf) log(`${r.name}: already imported → ${r.duplicateOf.url}`);
    else log(`${r.name} (${r.format}, ${r.points} values) → ${r.url}`);
    for (const n of r.notes ?? []) log(`  note: ${n}`);
    for (const w of r.warnings ?? []) log(`  warning: ${w}`);
  }
  if (body.ignored?.length) log(`ignored (not logs): ${body.ignored.join(", ")}`);
  return 0;
}
