import "server-only";
import type { Database } from "@/lib/db/client";
import { demoRuns } from "@/lib/demo/demo-runs";
import type { Auth } from "@/lib/server/auth/auth";
import { batchToSeries } from "@/lib/server/metrics/batch-series";
import { writeRunSeries } from "@/lib/server/metrics/ingest-metrics";
import { ensureOwnedProject } from "@/lib/server/projects/ensure-project";
import { actorOf } from "@/lib/server/review/actor";
import { generateRunId } from "@/lib/server/runs/run-names";

export const DEMO_PROJECT = "demo";

/** Serialises demo loads (any constant; the same in every Anneal process sharing a database). */
const DEMO_LOCK_KEY = 0x64656d6f;

/**
 * Loads the real PyTorch training runs shipped in fixtures/realtrain (lib/demo/demo-runs.ts) into
 * the "demo" project, all in one transaction: a load that fails (or a server killed mid-load)
 * leaves no half-written run behind, and two loads at once (two clicks, two instances) are
 * serialised by an advisory lock, the second finding every run there. Idempotent: each run's
 * externalId is its fixture name.
 */
export async function loadDemo(db: Database, opts: { auth: Auth; project?: string }) {
  const slug = opts.project ?? DEMO_PROJECT;
  const runs = demoRuns();
  const existing = await db.prisma.project.findUnique({ where: { slug }, select: { id: true } });
  opts.auth.require(existing?.id ?? null, "write");
  const created = await db.sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [DEMO_LOCK_KEY]);
    const project = await ensureOwnedProject(tx, slug, opts.auth);
    const present = new Set(
      (await tx.query<{ external_id: string }>(`SELECT external_id FROM runs WHERE project_id = $1 AND external_id IS NOT NULL`, [project.id])).map(
        (r) => r.external_id,
      ),
    );
    let n = 0;
    for (const demo of runs) {
      if (present.has(demo.externalId)) continue;
      const batch = demo.batch();
      const ended = new Date(Math.max(...batch.time!.map((t) => (t === null ? demo.startedAt.getTime() / 1000 : t))) * 1000);
      const id = generateRunId();
      await tx.query(
        `INSERT INTO runs (id, project_id, name, status, config, tags, external_id, started_at, ended_at, last_activity_at)
         VALUES ($1, $2, $3, 'finished', $4::jsonb, $5::text[], $6, $7, $8, $8)`,
        [id, project.id, demo.name, JSON.stringify(demo.config), demo.tags, demo.externalId, demo.startedAt, ended],
      );
      await writeRunSeries(tx, { id, projectId: project.id }, batchToSeries(batch), actorOf(opts.auth));
      // writeRunSeries marks the run active now; a finished demo run was last active when it ended.
      await tx.query(`UPDATE runs SET last_activity_at = ended_at WHERE id = $1`, [id]);
      n++;
    }
    return n;
  });
  return { project: slug, runs: runs.length, created };
}
