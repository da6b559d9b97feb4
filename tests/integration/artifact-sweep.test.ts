import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import { GRACE_MS, OWNER_FILE, sweepOrphanArtifacts } from "@/lib/server/mlflow/artifact-sweep";
import { uniqueSlug } from "./http";
import { mlflowPost } from "./mlflow-client";

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

async function newRoot() {
  const root = await mkdtemp(path.join(tmpdir(), "anneal-sweep-"));
  roots.push(root);
  return root;
}

/** A run folder holding one file, last changed `ageMs` ago. */
async function runFolder(root: string, name: string, ageMs = 2 * GRACE_MS) {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, "model"), { recursive: true });
  await writeFile(path.join(dir, "model", "MLmodel"), "flavors: {}\n");
  const t = new Date(Date.now() - ageMs);
  await utimes(dir, t, t);
  return dir;
}

async function newRun() {
  const experimentId = (await mlflowPost("experiments/create", { name: uniqueSlug("sweep") })).json.experiment_id as string;
  return (await mlflowPost("runs/create", { experiment_id: experimentId })).json.run.info.run_id as string;
}

describe("artifact orphan sweep", () => {
  it("removes the folders of runs that no longer exist, after the grace period; keeps live, soft-deleted and non-run entries", async () => {
    const db = await getDatabase();
    const root = await newRoot();
    const live = await newRun();
    const softDeleted = await newRun();
    await mlflowPost("runs/delete", { run_id: softDeleted });
    const gone = await newRun();
    // The server stopped between the row's deletion and the folder's removal.
    await db.sql.query(`DELETE FROM runs WHERE id = $1`, [gone]);
    for (const id of [live, softDeleted, gone]) await runFolder(root, id);
    const fresh = await runFolder(root, "fresh0orphan", 1000);
    await writeFile(path.join(root, "README.txt"), "not a run");
    await mkdir(path.join(root, "not a run id"));

    const result = await sweepOrphanArtifacts(db, { root });
    expect(result).toEqual({ removed: [gone] });
    expect(existsSync(path.join(root, gone))).toBe(false);
    for (const id of [live, softDeleted]) expect(existsSync(path.join(root, id, "model", "MLmodel"))).toBe(true);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(path.join(root, "README.txt"))).toBe(true);
    expect(existsSync(path.join(root, "not a run id"))).toBe(true);
    // Claimed for this database; the grace period over, the fresh orphan goes too.
    expect((await readFile(path.join(root, OWNER_FILE), "utf8")).length).toBeGreaterThan(0);
    expect(await sweepOrphanArtifacts(db, { root, now: Date.now() + GRACE_MS })).toEqual({ removed: ["fresh0orphan"] });
  });

  it("never sweeps a folder another database owns, nor claims an unmarked one without evidence", async () => {
    const db = await getDatabase();
    const foreign = await newRoot();
    await runFolder(foreign, "otherdbrun01");
    await writeFile(path.join(foreign, OWNER_FILE), "another-database");
    expect(await sweepOrphanArtifacts(db, { root: foreign })).toEqual({ removed: [], skipped: "foreign-owner" });
    expect(existsSync(path.join(foreign, "otherdbrun01"))).toBe(true);

    // Unmarked, and not one of its runs is known here: probably another database's data folder.
    const unmarked = await newRoot();
    await runFolder(unmarked, "otherdbrun02");
    expect(await sweepOrphanArtifacts(db, { root: unmarked })).toEqual({ removed: [], skipped: "unclaimed" });
    expect(existsSync(path.join(unmarked, "otherdbrun02"))).toBe(true);
    expect(existsSync(path.join(unmarked, OWNER_FILE))).toBe(false);

    // One run of this database there: the folder is this database's; the orphan goes.
    await runFolder(unmarked, await newRun());
    expect(await sweepOrphanArtifacts(db, { root: unmarked })).toEqual({ removed: ["otherdbrun02"] });
  });

  it("does nothing when there is no artifacts folder", async () => {
    const db = await getDatabase();
    expect(await sweepOrphanArtifacts(db, { root: path.join(tmpdir(), `anneal-none-${Date.now()}`) })).toEqual({ removed: [] });
  });
});
