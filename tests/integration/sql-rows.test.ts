import { describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";

// QueryOptions.onRow: every row handed over in order, as the fetch of a large read takes them (lib/server/metrics/fetch-slices.ts).
describe("Sql.query with onRow", () => {
  const text = `SELECT g::int AS g, encode(decode(lpad(to_hex(g), 8, '0'), 'hex'), 'base64') AS data FROM generate_series(1, 2000) AS g ORDER BY g`;

  it("hands every row over in order and returns none", async () => {
    const { sql } = await getDatabase();
    const seen: { g: number; data: string }[] = [];
    const rows = await sql.query(text, [], { onRow: (r: { g: number; data: string }) => seen.push(r) });
    expect(rows).toEqual([]);
    expect(seen).toEqual(await sql.query(text));
    expect(seen.map((r) => r.g)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
  });

  it("does so in a transaction too, and a failing query still rejects", async () => {
    const { sql } = await getDatabase();
    const seen: number[] = [];
    await sql.transaction(async (tx) => {
      await tx.query(`SELECT 7 AS v`, [], { onRow: (r: { v: number }) => seen.push(r.v) });
    });
    expect(seen).toEqual([7]);
    await expect(sql.query(`SELECT 1 / 0 AS v`, [], { onRow: () => {} })).rejects.toThrow(/division by zero/);
    // The connection it used went back to the pool in working order.
    expect(await sql.query<{ v: number }>(`SELECT 2 AS v`)).toEqual([{ v: 2 }]);
  });
});
