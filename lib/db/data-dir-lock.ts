import "server-only";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite is a single-process database: two processes opening one data folder corrupt it. The
 * first process takes `anneal.lock` in the folder; any other is refused with a message naming it.
 *
 * - Atomic: the lock file is created complete by `link()`, which fails if it exists, so of two
 *   processes started at the same instant exactly one gets it (a read-then-write pid file let both).
 * - Robust against pid reuse: the file records the holder's pid *and* when that process started
 *   (Linux: boot id + start time from /proc; elsewhere `ps -o lstart`). After a kill -9 the file
 *   stays, and a lock whose pid now belongs to a process started at another time is stale.
 * - A stale lock is removed under a second exclusive file (`anneal.lock.break`), and only if it is
 *   still the stale one: two processes breaking it at once cannot remove each other's new lock.
 */
export const LOCK_FILE = "anneal.lock";

/** Who holds a lock: enough to tell a live holder from a dead one or from an unrelated process that got its pid. */
export interface LockHolder {
  pid: number;
  /** When the process started (undefined where this can't be known). */
  started?: string;
  host: string;
}

/** A breaker file older than this was left by a process that died while breaking a stale lock. */
const BREAKER_STALE_MS = 10_000;

export function claimDataDir(dir: string): () => void {
  const lockFile = path.join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, started: processStarted(process.pid), host: os.hostname() };
  const mine = JSON.stringify(me);
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(lockFile, mine)) break;
    const raw = readText(lockFile);
    if (raw === undefined) continue; // released between our create and our read: try again
    const holder = parseHolder(raw);
    const state = holder ? holderState(holder) : "stale";
    if (state === "self") break;
    if (state === "live") throw inUse(dir, holder!);
    if (attempt > 200) throw new Error(`Could not take the lock ${lockFile}: it keeps changing. Is another process starting?`);
    breakStale(lockFile, raw);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // Only our own lock: never remove a lock another process took after ours was broken.
    if (readText(lockFile) === mine) fs.rmSync(lockFile, { force: true });
  };
  process.once("exit", release);
  return release;
}

/** "self" when it is this process, "live" when that very process still runs (or can't be checked), else "stale". */
export function holderState(h: LockHolder): "self" | "live" | "stale" {
  // Another machine's process (a shared network folder) can't be checked from here: assume it runs.
  if (h.host !== os.hostname()) return "live";
  if (!isAlive(h.pid)) return "stale";
  const now = processStarted(h.pid);
  if (h.started !== undefined && now !== undefined && now !== h.started) return "stale"; // the pid was reused
  return h.pid === process.pid ? "self" : "live";
}

/** An identity of the process's start (boot id + start tick on Linux, `ps` start time elsewhere), or undefined. */
export function processStarted(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime field 22.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const boot = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return `${boot}:${fields[22 - 3]}`;
  } catch {
    if (process.platform === "linux" || process.platform === "win32") return undefined;
  }
  try {
    const out = execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8", timeout: 2000, stdio: ["ignore", "pipe", "ignore"] }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

/** Creates `file` holding `content`, complete at the instant it appears; false if it exists. */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, content);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function breakStale(lockFile: string, staleRaw: string): void {
  const breaker = `${lockFile}.break`;
  let fd: number;
  try {
    fd = fs.openSync(breaker, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const age = Date.now() - (fs.statSync(breaker, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > BREAKER_STALE_MS) fs.rmSync(breaker, { force: true });
    else sleep(10); // another process is breaking it right now
    return;
  }
  try {
    // Nobody can create a new lock while the stale one exists, and only the breaker's holder removes it.
    if (readText(lockFile) === staleRaw) fs.rmSync(lockFile, { force: true });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(breaker, { force: true });
  }
}

function inUse(dir: string, h: LockHolder): Error {
  const where = h.host === os.hostname() ? `process ${h.pid}` : `process ${h.pid} on host ${h.host} (delete ${LOCK_FILE} if that host no longer runs it)`;
  return new Error(
    `The embedded database in ${dir} is in use by ${where} (an Anneal server?). ` +
      `Stop it first, or point DATABASE_URL at a PostgreSQL server to share one database.`,
  );
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockHolder>;
    if (Number.isInteger(v.pid) && (v.pid as number) > 0 && typeof v.host === "string") {
      return { pid: v.pid as number, host: v.host, ...(typeof v.started === "string" ? { started: v.started } : {}) };
    }
  } catch {
    // not ours or damaged: stale
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
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

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
