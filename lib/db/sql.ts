import type { Pool, PoolClient } from "pg";
import type { PGlite, Transaction } from "@electric-sql/pglite";

/** The small raw-SQL surface the hot paths (ingest, series reads, runs table) and the migrator use. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs fn in one transaction on one connection. */
  transaction<R>(fn: (tx: Sql) => Promise<R>): Promise<R>;
}

export function pgSql(pool: Pool): Sql {
  const onClient = (client: PoolClient): Sql => ({
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    exec: async (text) => void (await client.query(text)),
    transaction: (fn) => fn(onClient(client)),
  });
  return {
    query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
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
