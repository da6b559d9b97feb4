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
