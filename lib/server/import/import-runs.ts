import "server-only";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { importFiles, previewRun, type ImportedRun, type ParsedRun, type PointBatch } from "@/lib/importers";
import type { TImportFields } from "@/lib/schemas/import";
import type { Auth } from "@/lib/server/auth/auth";
import { projectForWrite } from "@/lib/server/projects/ensure-project";
import type { Upload } from "./receive-upload";
import { ChunkWrites } from "./chunk-writes";
import { SeriesBuffer } from "./series-buffer";
import { refreshRunStats } from "@/lib/server/metrics/ingest-metrics";
import { generateRunId } from "@/lib/server/runs/run-names";
import { runUrl } from "@/lib/server/runs/run-view";
import { publishEvent } from "@/lib/server/events/publish-event";
import { announceRunCreated } from "@/lib/server/runs/announce-run";
import { actorOf } from "@/lib/server/review/actor";
import type { Actor } from "@/lib/events/event-types";

/**
 * POST /api/v1/import: detect and group the uploaded files into runs, then either describe them
 * (preview) or write them all in one transaction — a file that fails leaves nothing behind.
 * A run whose content hash matches a run already in the project is not imported again (unless
 * allowDuplicates); the answer points at the existing run instead.
 */
export async function importRuns(db: Database, opts: { upload: Upload; fields: TImportFields; auth: Auth }) {
  const { fields, auth } = opts;
  // Authorized before a byte of the files is parsed; a preview doesn't create the project.
  const project = await projectForWrite(db, { slug: fields.project, auth, create: !fields.preview });
  const plan = await importFiles(opts.upload.files, { format: fields.format });
  if (fields.preview)
    return {
      preview: true as const,
      ignored: plan.ignored,
      runs: await Promise.all(plan.runs.map((r, i) => previewOne(db, project?.id ?? null, r, i, fields))),
    };
  const projectId = project!.id;
  const slug = project!.slug;
  const runs = await db.sql.transaction(async (tx) => {
    const out = [];
    for (const [i, run] of plan.runs.entries()) {
      if (fields.overrides?.[i]?.skip) continue;
      out.push(await writeRun(tx, projectId, slug, run, i, fields));
    }
    await announceImport(tx, { projectId, actor: actorOf(auth), runs: out.filter((r) => !r.duplicateOf) });
    return out;
  });
  return { preview: false as const, ignored: plan.ignored, runs };
}

async function previewOne(db: Database, projectId: number | null, run: ImportedRun, index: number, fields: TImportFields) {
  const p = await previewRun(run);
  const duplicateOf = projectId === null ? null : await findDuplicate(db.sql, projectId, p.run.contentHash);
  const edits = describe(p.run, run, index, fields);
  return {
    index,
    ...edits,
    format: run.format,
    confidence: run.confidence,
    tried: run.tried,
    files: p.run.files,
    points: p.points,
    metrics: p.metrics,
    keys: p.run.keys,
    warnings: p.run.warnings,
    notes: p.run.notes,
    contentHash: p.run.contentHash,
    duplicateOf,
  };
}

async function writeRun(tx: Sql, projectId: number, slug: string, run: ImportedRun, index: number, fields: TImportFields) {
  await tx.exec("SAVEPOINT import_run");
  const id = generateRunId();
  await tx.query(`INSERT INTO runs (id, project_id, name, status) VALUES ($1, $2, $3, 'finished')`, [id, projectId, run.name]);
  const it = run.read();
  const buffer = new SeriesBuffer();
  const writes = new ChunkWrites(tx, id);
  let points = 0;
  let tMin = Infinity,
    tMax = -Infinity;
  let r: IteratorResult<PointBatch, ParsedRun>;
  try {
    while (!(r = await it.next()).done) {
      const batch = r.value;
      points += buffer.add(batch);
      for (const t of batch.time ?? []) {
        if (t === null) continue;
        tMin = Math.min(tMin, t);
        tMax = Math.max(tMax, t);
      }
      await writes.write(buffer.take());
    }
    await writes.write(buffer.take(true));
    await writes.finish();
  } finally {
    await writes.settle();
  }
  const meta = r.value;
  const duplicateOf = fields.allowDuplicates ? null : await findDuplicate(tx, projectId, meta.contentHash);
  if (duplicateOf) {
    await tx.exec("ROLLBACK TO SAVEPOINT import_run");
    return { id: duplicateOf.id, name: duplicateOf.name, url: duplicateOf.url, format: run.format, points: 0, metrics: [], duplicateOf };
  }
  await refreshRunStats(tx, id);
  const edits = describe(meta, run, index, fields);
  const started = Number.isFinite(tMin) ? new Date(tMin * 1000) : new Date();
  const ended = Number.isFinite(tMax) ? new Date(tMax * 1000) : started;
  await tx.query(
    `UPDATE runs SET name = $2, config = $3::jsonb, tags = $4::text[], notes = $5, content_hash = $6,
            started_at = $7, ended_at = $8, last_activity_at = $8 WHERE id = $1`,
    [id, edits.name, JSON.stringify(edits.config), edits.tags, `Imported from ${meta.files.join(", ")} (${run.format})`, meta.contentHash, started, ended],
  );
  await tx.exec("RELEASE SAVEPOINT import_run");
  const metrics = (await tx.query<{ key: string }>(`SELECT DISTINCT key FROM metric_chunks WHERE run_id = $1 AND key NOT LIKE '\\_%' ORDER BY key`, [id])).map(
    (m) => m.key,
  );
  return { id, name: edits.name, url: runUrl(slug, id), format: run.format, points, metrics, duplicateOf: null, warnings: meta.warnings, notes: meta.notes };
}

/** Name, tags and config after the request's and the preview's edits. */
function describe(meta: ParsedRun, run: ImportedRun, index: number, fields: TImportFields) {
  const o = fields.overrides?.[index];
  const single = fields.name && !fields.overrides ? fields.name : undefined;
  return {
    name: o?.name ?? single ?? meta.name ?? run.name,
    tags: [...new Set([...(meta.tags ?? []), ...(fields.tags ?? []), ...(o?.tags ?? []), "imported", run.format])],
    config: { ...meta.config, ...(fields.config ?? {}), ...(o?.config ?? {}) },
  };
}

async function findDuplicate(sql: Sql, projectId: number, contentHash: string) {
  const rows = await sql.query<{ id: string; name: string; slug: string }>(
    `SELECT r.id, r.name, p.slug FROM runs r JOIN projects p ON p.id = r.project_id WHERE r.project_id = $1 AND r.content_hash = $2 LIMIT 1`,
    [projectId, contentHash],
  );
  return rows[0] ? { id: rows[0].id, name: rows[0].name, url: runUrl(rows[0].slug, rows[0].id) } : null;
}

/** The new runs appear live (run.created) and the import in the activity feed, when the import commits. */
async function announceImport(tx: Sql, opts: { projectId: number; actor: Actor; runs: { id: string; name: string; format: string }[] }) {
  if (!opts.runs.length) return;
  for (const r of opts.runs) await announceRunCreated(tx, { projectId: opts.projectId, run: { ...r, status: "finished" }, actor: opts.actor, imported: true });
  const formats = [...new Set(opts.runs.map((r) => r.format))];
  await publishEvent(tx, {
    projectId: opts.projectId,
    type: "import.completed",
    actor: opts.actor,
    data: { runs: opts.runs.map((r) => ({ id: r.id, name: r.name })), format: formats.length === 1 ? formats[0] : null },
  });
}
