import { apiRoute } from "@/lib/server/api/route";
import { ZCompareQuery } from "@/lib/schemas/compare";
import { compareRuns } from "@/lib/server/compare/compare-runs";
import { toWireDeep } from "@/lib/schemas/common";

export const GET = apiRoute({ access: { need: "read", project: { query: "runs", is: "runs" } }, query: ZCompareQuery }, async ({ db, query }) =>
  toWireDeep(await compareRuns(db, query)),
);
