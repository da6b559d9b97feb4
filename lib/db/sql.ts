import "server-only";
import type { Pool, PoolClient } from "pg";
import type { PGlite, Transaction } from "@electric-sql/pglite";

/** Options of a query. */
export interface QueryOptions {
  /**
   * Prepare the statement once per connection and reuse it (PostgreSQL: a named statement, so the
   * server parses and plans it once instead of on every call). For the hot paths' few statement
   * shapes; PGlite ignores it.
   */
  prepare?: boolean;
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

export function pgSql(pool: Pool): Sql {
  const onClient = (client: PoolClient): Sql => ({
    query: async <T>(text: string, params?: unknown[], opts?: QueryOptions) => (await client.query(pgQuery(text, params, opts))).rows as T[],
    exec: async (text) => void (await client.query(text)),
    transaction: (fn) => fn(onClient(client)),
  });
  return {
    query: async <T>(text: string, params?: unknown[], opts?: QueryOptions) => (await pool.query(pgQuery(text, params, opts))).rows as T[],
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

export function pgliteSql(db: PGlite): Sql {
  const onTx = (tx: Transaction): Sql => ({
    query: async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows,
    exec: async (text) => void (await tx.exec(text)),
    transaction: (fn) => fn(onTx(tx)),
  });
  return {
    query: async <T>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows,
    exec: async (text) => void (await db.exec(text)),
    transaction: (fn) => db.transaction((tx) => fn(onTx(tx))),
  };
}
