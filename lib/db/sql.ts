import "server-only";
import type { Pool, PoolClient, Query } from "pg";
import type { PGlite, Transaction } from "@electric-sql/pglite";

/** Options of a query. */
export interface QueryOptions {
  /**
   * Prepare the statement once per connection and reuse it (PostgreSQL: a named statement, so the
   * server parses and plans it once instead of on every call). For the hot paths' few statement
   * shapes; PGlite ignores it.
   */
  prepare?: boolean;
  /**
   * Each row handed over as it arrives, none kept (the query then resolves to no rows): a large
   * answer's rows die young instead of all living until its end, which on PostgreSQL made the
   * garbage collector copy megabytes of them, read after read. PGlite hands them over at the end.
   */
  onRow?: (row: never) => void;
}

/** The small raw-SQL surface the hot paths (ingest, series reads, runs table) and the migrator use. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[], opts?: QueryOptions): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs fn in one transaction on one connection. */
  transaction<R>(fn: (tx: Sql) => Promise<R>): Promise<R>;
}

/** Statement names by text: at most MAX_PREPARED shapes are prepared (more run unnamed), so connections' caches stay bounded. */
const prepared = new Map<string, string>();
const MAX_PREPARED = 256;

function pgQuery(text: string, params: unknown[] | undefined, opts: QueryOptions | undefined) {
  if (!opts?.prepare) return { text, values: params };
  let name = prepared.get(text);
  if (!name && prepared.size < MAX_PREPARED) prepared.set(text, (name = `anneal_${prepared.size}`));
  return { name, text, values: params };
}

/** pg's Query class (pg is loaded only when PostgreSQL is used, see client.ts). */
type QueryClass = typeof Query;

/** A query whose rows go to `onRow` as they arrive (pg's Query accumulates none when a row listener is set). */
function streamRows(
  QueryClass: QueryClass,
  client: PoolClient,
  text: string,
  params: unknown[] | undefined,
  opts: QueryOptions,
  onRow: (row: never) => void,
): Promise<[]> {
  return new Promise((resolve, reject) => {
    const query = new QueryClass(pgQuery(text, params, opts));
    query.on("row", (row: unknown) => onRow(row as never));
    query.on("end", () => resolve([]));
    query.on("error", reject);
    client.query(query);
  });
}

export function pgSql(pool: Pool, QueryClass: QueryClass): Sql {
  const onClient = (client: PoolClient): Sql => ({
    query: async <T>(text: string, params?: unknown[], opts?: QueryOptions) =>
      opts?.onRow ? await streamRows(QueryClass, client, text, params, opts, opts.onRow) : ((await client.query(pgQuery(text, params, opts))).rows as T[]),
    exec: async (text) => void (await client.query(text)),
    transaction: (fn) => fn(onClient(client)),
  });
  return {
    async query<T>(text: string, params?: unknown[], opts?: QueryOptions) {
      if (!opts?.onRow) return (await pool.query(pgQuery(text, params, opts))).rows as T[];
      const client = await pool.connect();
      try {
        return await streamRows(QueryClass, client, text, params, opts, opts.onRow);
      } finally {
        client.release();
      }
    },
    exec: async (text) => void (await pool.query(text)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(onClient(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  };
}

/** PGlite's rows, or with `onRow` each handed over (then none returned). */
function handOver<T>(rows: T[], opts: QueryOptions | undefined): T[] {
  if (!opts?.onRow) return rows;
  for (const row of rows) opts.onRow(row as never);
  return [];
}

export function pgliteSql(db: PGlite): Sql {
  const onTx = (tx: Transaction): Sql => ({
    query: async <T>(text: string, params?: unknown[], opts?: QueryOptions) => handOver((await tx.query<T>(text, params)).rows, opts),
    exec: async (text) => void (await tx.exec(text)),
    transaction: (fn) => fn(onTx(tx)),
  });
  return {
    query: async <T>(text: string, params?: unknown[], opts?: QueryOptions) => handOver((await db.query<T>(text, params)).rows, opts),
    exec: async (text) => void (await db.exec(text)),
    transaction: (fn) => db.transaction((tx) => fn(onTx(tx))),
  };
}
