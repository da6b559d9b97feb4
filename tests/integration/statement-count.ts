import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";

/**
 * The same database with the statements sent through it counted (those in its transactions too):
 * what a read path costs in round trips, observed from outside it rather than by a counter the
 * production code keeps for tests.
 */
export function countStatements(db: Database): { db: Database; statements: () => number } {
  let n = 0;
  const counted = (sql: Sql): Sql => ({
    query: (text, params, opts) => {
      n++;
      return sql.query(text, params, opts);
    },
    exec: (text) => {
      n++;
      return sql.exec(text);
    },
    transaction: (fn) => sql.transaction((tx) => fn(counted(tx))),
  });
  return { db: { ...db, sql: counted(db.sql) }, statements: () => n };
}
