import "server-only";
import { invalidParam } from "@/lib/mlflow/errors";

/** A string comparison in SQL for =, !=, LIKE, ILIKE, IN, NOT IN, IS [NOT] NULL. */
export function stringClause(expr: string, op: string, value: unknown, p: (v: unknown) => string): string {
  switch (op) {
    case "=":
    case "!=":
    case "LIKE":
    case "ILIKE":
      return `${expr} ${op === "!=" ? "<>" : op} ${p(String(value))}`;
    case "IN":
      return `${expr} = ANY(${p(value)}::text[])`;
    case "NOT IN":
      return `NOT (${expr} = ANY(${p(value)}::text[]))`;
    case "IS NULL":
      return `${expr} IS NULL`;
    case "IS NOT NULL":
      return `${expr} IS NOT NULL`;
  }
  throw invalidParam(`Invalid filter: ${op} does not compare strings (use =, !=, LIKE, ILIKE, IN)`);
}

/** A timestamp column as MLflow's epoch milliseconds, in SQL. */
export const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::bigint`;

/** A comparison of a string or a numeric SQL expression with a filter's value. */
export function compareClause(target: { expr: string; numeric: boolean }, op: string, value: unknown, p: (v: unknown) => string): string {
  if (!target.numeric) return stringClause(target.expr, op, value, p);
  const sqlOp = op === "!=" ? "<>" : op;
  if (!["=", "<>", ">", ">=", "<", "<="].includes(sqlOp)) throw invalidParam(`Invalid filter: ${op} does not compare numbers`);
  return `${target.expr} ${sqlOp} ${p(value)}::float8`;
}
