import type { QueryClient } from "@tanstack/react-query";
import { touchesRun } from "@/lib/client/query-keys";

/**
 * Marks every cached answer depending on these runs as outdated; those on screen refetch at once.
 * `keep` spares answers already fresh (e.g. the one whose refresh triggered this).
 */
export function invalidateRuns(client: QueryClient, runIds: readonly string[], keep: (key: readonly unknown[]) => boolean = () => false): Promise<void> {
  return client.invalidateQueries({ predicate: (q) => !keep(q.queryKey) && runIds.some((id) => touchesRun(q.queryKey, id)) });
}
