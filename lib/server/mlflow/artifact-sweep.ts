import "server-only";
import { randomBytes } from "node:crypto";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import { artifactsRoot, isRunFolderName } from "./artifact-store";

/**
 * The orphan sweep of the artifacts folder: a run's (or logged model's) folder whose owner no
 * longer exists in the database (the server stopped between a deletion and the folder's removal,
 * or runs and models went with their project by a cascade) is removed. Soft-deleted runs keep their files: they can be
 * restored.
 *
 * Removing files because a database does not know them is only safe if the folder belongs to that
 * database — a data folder pointed at a different DATABASE_URL would otherwise be emptied. So the
 * folder carries an owner mark (OWNER_FILE) holding an id kept in the database (instance_settings);
 * the sweep acts only when they match. A folder without a mark is claimed only with evidence: it
 * has no run folders yet, or at least one of them is a run this database has.
 * A folder touched within GRACE_MS is left for a later sweep (an upload that raced a deletion).
 */
export const OWNER_FILE = ".anneal-owner";
const OWNER_SETTING = "artifacts_owner";
/** Folders changed more recently than this are not swept (a later sweep looks again). */
export const GRACE_MS = 10 * 60 * 1000;
/** Run ids looked up per statement. */
const LOOKUP_BATCH = 1000;

export interface SweepResult {
  /** Run folders removed. */
  removed: string[];
  /** Why nothing was swept (the folder belongs to another database or could not be claimed). */
  skipped?: "foreign-owner" | "unclaimed";
}

async function databaseOwnerId(db: Database): Promise<string> {
  await db.sql.query(`INSERT INTO instance_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
    OWNER_SETTING,
    randomBytes(16).toString("hex"),
  ]);
  const [row] = await db.sql.query<{ value: string }>(`SELECT value FROM instance_settings WHERE key = $1`, [OWNER_SETTING]);
  return row.value;
}

/** The ids among `ids` that are runs (deleted or not) or logged models in the database: the folders' owners. */
async function existingOwners(db: Database, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += LOOKUP_BATCH) {
    const rows = await db.sql.query<{ id: string }>(
      `SELECT id FROM runs WHERE id = ANY($1::text[]) UNION ALL SELECT id FROM mlflow_logged_models WHERE id = ANY($1::text[])`,
      [ids.slice(i, i + LOOKUP_BATCH)],
    );
    for (const r of rows) found.add(r.id);
  }
  return found;
}

export async function sweepOrphanArtifacts(db: Database, opts: { now?: number; root?: string } = {}): Promise<SweepResult> {
  // The folder is data, named at run time (ANNEAL_ARTIFACTS_DIR, the data folder): nothing under it
  // belongs in the server build's file trace. Unmarked, Turbopack traces the whole project for the
  // readdir/stat below (a "Dynamic filesystem access" warning each).
  const root = path.join(/* turbopackIgnore: true */ opts.root ?? artifactsRoot());
  const entries = await readdir(root, { withFileTypes: true }).catch(() => null);
  if (!entries) return { removed: [] }; // no artifacts yet
  const folders = entries.filter((e) => e.isDirectory() && isRunFolderName(e.name)).map((e) => e.name);
  const owner = await databaseOwnerId(db);
  const mark = await readFile(path.join(root, OWNER_FILE), "utf8").catch(() => null);
  const known = await existingOwners(db, folders);
  if (mark === null) {
    if (folders.length && !known.size) return { removed: [], skipped: "unclaimed" };
    await writeFile(path.join(root, OWNER_FILE), owner);
  } else if (mark.trim() !== owner) {
    return { removed: [], skipped: "foreign-owner" };
  }
  const now = opts.now ?? Date.now();
  const removed: string[] = [];
  for (const name of folders) {
    if (known.has(name)) continue;
    const dir = path.join(root, name);
    const info = await stat(dir).catch(() => null);
    if (!info || now - info.mtimeMs < GRACE_MS) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(name);
  }
  if (removed.length) console.log(`[anneal] removed the artifacts of ${removed.length} deleted run(s)`);
  return { removed };
}
