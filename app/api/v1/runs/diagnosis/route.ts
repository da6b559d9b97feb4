import { z } from "zod";
import { apiRoute } from "@/lib/server/api/route";
import { diagnoseRuns } from "@/lib/server/analysis/diagnose-runs";
import { toWireDeep } from "@/lib/schemas/common";

const ZQuery = z.object({
  ids: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.length >= 1 && ids.length <= 500, { message: "1 to 500 comma-separated run ids" }),
});

/** Per-run schedule label and live plateau badge for the runs table (GET /api/v1/runs/diagnosis?ids=…). */
export const GET = apiRoute({ access: { need: "read", project: { query: "ids", is: "runs" } }, query: ZQuery }, async ({ db, query }) =>
  toWireDeep({ runs: await diagnoseRuns(db, { ids: query.ids }) }),
);
