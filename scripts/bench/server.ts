import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

export const BENCH_PG = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** A fresh, empty PostgreSQL database for one benchmark; dropped by the returned cleanup. */
export async function freshPgDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `anneal_bench_${label}_${process.pid}`;
  const admin = new Client({ connectionString: BENCH_PG });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(BENCH_PG);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: BENCH_PG });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Starts the built app (`next build` must have run) on a port; DATABASE_URL or a temp PGlite folder. */
export async function startServer(opts: {
  port: number;
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Node flags for the server process (e.g. --cpu-prof): it is then started with node directly, not through npx. */
  nodeArgs?: string[];
}): Promise<{ url: string; stop: () => Promise<void>; cpuMs: () => number }> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Run `npm run build` first: the benchmark measures the built server.");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anneal-bench-"));
  const args = ["start", "-H", "127.0.0.1", "-p", String(opts.port)];
  const [command, argv] = opts.nodeArgs?.length
    ? [process.execPath, [...opts.nodeArgs, "node_modules/next/dist/bin/next", ...args]]
    : ["npx", ["next", ...args]];
  const child: ChildProcess = spawn(command, argv, {
    env: { ...process.env, DATABASE_URL: opts.databaseUrl ?? "", ANNEAL_DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: String(opts.port), ...opts.env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${opts.port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    cpuMs: () => groupCpuMs(child.pid!),
    /**
     * Stops npx and the `next start` it runs (one process group), and returns once every process
     * of the group has exited: npx exits first, and a server still running its background workers
     * (alert checks) would otherwise meet the benchmark's database being dropped.
     */
    async stop() {
      const group = -child.pid!;
      const alive = () => {
        try {
          process.kill(group, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (alive()) process.kill(group, "SIGTERM");
      // Bounded: an exited process nobody reaps (a container's PID 1 may not) still counts as alive.
      for (let waited = 0; alive() && waited < 15_000; waited += 100) {
        if (waited === 10_000) process.kill(group, "SIGKILL");
        await new Promise((r) => setTimeout(r, 100));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux

/** CPU time (user + system, ms) of the given processes so far (Linux /proc; exited ones are skipped). */
export function processCpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      /* gone */
    }
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_S;
}

/** Every process now running: its parent and its process group (Linux /proc; one that exits meanwhile is skipped). */
export function listProcesses(): { pid: number; ppid: number; pgid: number }[] {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return [{ pid: Number(d), ppid: Number(fields[1]), pgid: Number(fields[2]) }];
      } catch {
        return [];
      }
    });
}

/** CPU time of every process in a process group (the server and its children), so the load of other processes doesn't count. */
function groupCpuMs(pgid: number): number {
  return processCpuMs(
    listProcesses()
      .filter((p) => p.pgid === pgid)
      .map((p) => p.pid),
  );
}

/**
 * CPU time (ms) so far of PostgreSQL's backends connected to `admin`'s database, other than `admin`'s
 * own; only those of clients named `application` when given (see withApplicationName).
 */
export async function databaseCpuMs(admin: Client, application?: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ($1::text IS NULL OR application_name = $1)`,
    [application ?? null],
  );
  return processCpuMs(rows.map((r) => r.pid));
}

/** The database URL with the connections it opens named (application_name): their backends are then told apart from other clients' of a shared database. */
export function withApplicationName(url: string, application: string): string {
  const u = new URL(url);
  u.searchParams.set("application_name", application);
  return u.toString();
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** The machine's 1/5/15-minute load averages, printed next to every figure (the machine may be shared). */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
}

/** The median of `reps` timed calls (ms), after one untimed warm-up call unless `warm: false`. */
export async function medianMs(fn: () => Promise<unknown>, reps = 5, { warm = true } = {}): Promise<number> {
  if (warm) await fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The port a benchmark's server listens on: BENCH_PORT, else its own default. */
export const benchPort = (fallback: number) => Number(process.env.BENCH_PORT ?? fallback);
