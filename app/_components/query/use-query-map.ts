"use client";

import { useQueries, useQueryClient, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import { useLayoutEffect, useState } from "react";
import type { ApiFailure } from "@/lib/client/api-fetch";

export interface QueryMapEntry<T, K extends QueryKey> {
  /** What the answer is filed under (a run id, a request id), so it survives a key change (zoom, refresh). */
  id: string;
  query: UseQueryOptions<T, ApiFailure, T, K>;
}

export interface QueryMap<T> {
  /** Answers by entry id; the previous answers stay while new keys load (no flicker on zoom). */
  data: ReadonlyMap<string, T>;
  errors: ReadonlyMap<string, ApiFailure>;
  /** True while the answers shown are not (all) for the current keys. */
  stale: boolean;
}

interface Shown<T> extends Omit<QueryMap<T>, "stale"> {
  key: string;
  /** When each shown answer arrived: a refresh of the same keys is swapped in once all have. */
  stamp: string;
}

/**
 * Several queries as one map (one per compared run, or per series request). The map is swapped
 * in whole: for new keys once every query has an answer (from the cache or the network), for a
 * refresh of the same keys once every refetch is back, so each chart redraws once per change,
 * not once per run.
 */
export function useQueryMap<T, K extends QueryKey>(entries: readonly QueryMapEntry<T, K>[]): QueryMap<T> {
  const client = useQueryClient();
  const results = useQueries({ queries: entries.map((e) => e.query) });
  const key = JSON.stringify(entries.map((e) => [e.id, e.query.queryKey]));
  const [shown, setShown] = useState<Shown<T>>(() => ({ key: "[]", stamp: "", data: new Map(), errors: new Map() }));

  // A layout effect: the requests leave before the charts' passive effects redraw the old points
  // at a new zoom, so the network and the drawing overlap. The observers (subscribed in passive
  // effects) join these fetches rather than start their own.
  useLayoutEffect(() => {
    for (const e of entries) void client.prefetchQuery(e.query);
    // `key` names every entry's query key: the entries array itself is rebuilt by callers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);

  const answered = results.every((r) => r.data !== undefined || r.error !== null);
  const settled = answered && results.every((r) => !r.isFetching);
  const stamp = results.map((r) => `${r.dataUpdatedAt}:${r.errorUpdatedAt}`).join(",");
  if (shown.key !== key ? answered : settled && shown.stamp !== stamp) {
    const data = new Map<string, T>();
    const errors = new Map<string, ApiFailure>();
    results.forEach((r, i) => {
      if (r.error) errors.set(entries[i].id, r.error);
      else if (r.data !== undefined) data.set(entries[i].id, r.data);
    });
    // Derived from the queries' state during render: React re-renders at once with it.
    setShown({ key, stamp, data, errors });
  }
  return { data: shown.data, errors: shown.errors, stale: shown.key !== key };
}
