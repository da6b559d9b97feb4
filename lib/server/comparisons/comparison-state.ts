import "server-only";
import type { Database } from "@/lib/db/client";
import { parseState, serializeState, type CompareState } from "@/lib/compare/url-state";
import { MAX_COMPARED_RUNS } from "@/lib/schemas/compare";
import { ApiError } from "@/lib/server/api/errors";

const bad = (message: string, detail: string) => new ApiError("invalid_argument", message, [{ path: "state", message: detail }]);

/**
 * A compare view's state as saved: parsed with the view's own parser and written back canonical,
 * so the saved view is exactly what the page restores. Its runs must exist in the project.
 */
export async function canonicalState(db: Database, projectId: number, raw: string): Promise<{ state: CompareState; query: string }> {
  const query = raw.includes("?") ? raw.slice(raw.indexOf("?") + 1) : raw;
  const state = parseState(new URLSearchParams(query));
  if (!state.runs.length) throw bad("The state names no runs", "expected runs=id1,id2,…");
  if (state.runs.length > MAX_COMPARED_RUNS) throw bad(`A comparison holds at most ${MAX_COMPARED_RUNS} runs`, `${state.runs.length} runs`);
  if (state.baseline && !state.runs.includes(state.baseline)) throw bad("The baseline must be one of the compared runs", "baseline not in runs");
  const found = await db.sql.query<{ id: string }>(`SELECT id FROM runs WHERE project_id = $1 AND id = ANY($2::text[])`, [projectId, state.runs]);
  const missing = state.runs.filter((id) => !found.some((r) => r.id === id));
  if (missing.length) throw bad(`Run(s) ${missing.join(", ")} are not in this project`, "unknown runs");
  return { state, query: serializeState(state) };
}
