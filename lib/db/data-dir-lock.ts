import fs from "node:fs";
import path from "node:path";

/**
 * PGlite is a single-process database: two processes opening one data folder corrupt it.
 * A pid file makes the second one fail with a clear message instead. Returns the release function.
 */
export function claimDataDir(dir: string): () => void {
  const lockFile = path.join(dir, "anneal.pid");
  const holder = readHolder(lockFile);
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${dir} is in use by process ${holder} (an Anneal server?). ` +
        `Stop it first, or point DATABASE_URL at a PostgreSQL server to share one database.`,
    );
  }
  fs.writeFileSync(lockFile, String(process.pid));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (readHolder(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
  };
  process.once("exit", release);
  return release;
}

function readHolder(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
