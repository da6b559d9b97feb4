import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { migrate } from "./migrate";
import { pgSql, pgliteSql, type Sql } from "./sql";
import { claimDataDir } from "./data-dir-lock";
import { pgListener, pgliteListener, type Listener } from "./listen";

export interface Database {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  sql: Sql;
  /** LISTEN/NOTIFY: across every process on a PostgreSQL server; within this process on PGlite. */
  listener: Listener;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgresql:// URL; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder; undefined = in memory (tests). */
  dataDir?: string;
  migrate?: boolean;
}

/** Opens a database (real PostgreSQL or embedded PGlite) and applies pending migrations. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir);
  if (opts.migrate !== false) {
    try {
      await migrate(db.sql);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

async function openPostgres(url: string): Promise<Database> {
  const { Pool, Query } = await import("pg");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle pooled connection that the server terminates (restart, failover, pg_terminate_backend)
  // emits "error" on the pool; unhandled, that is an uncaughtException. The pool has already
  // dropped the client and opens a new one on the next query, so logging is all there is to do.
  pool.on("error", (err) => console.warn(`[anneal] idle PostgreSQL connection lost: ${err.message}`));
  // Fail fast with a readable message instead of the first request hanging.
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}`);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const listener = pgListener(url);
  return {
    kind: "postgres",
    prisma,
    sql: pgSql(pool, Query),
    listener,
    async close() {
      await listener.close();
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

async function openPglite(dataDir?: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  let release = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    release = claimDataDir(path.resolve(dataDir));
  }
  const pglite = dataDir ? new PGlite(path.resolve(dataDir, "pgdata")) : new PGlite();
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const listener = pgliteListener(pglite);
  return {
    kind: "pglite",
    prisma,
    sql: pgliteSql(pglite),
    listener,
    async close() {
      await listener.close();
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
