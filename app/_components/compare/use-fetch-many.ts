"use client";

import { useLayoutEffect, useRef, useState } from "react";
import { pooled } from "@/lib/async-pool";
import { ApiFailure, apiFetch } from "../use-api";

export interface FetchRequest {
  /** What the answer is filed under (a run id), so it survives a URL change (zoom, refresh). */
  id: string;
  url: string;
}

export interface ManyState<T> {
  /** Answers by request id; the previous answers stay while new URLs load (no flicker on zoom). */
  data: ReadonlyMap<string, T>;
  errors: ReadonlyMap<string, ApiFailure>;
  /** True while the data on screen is not (all) for the current URLs. */
  stale: boolean;
}

/**
 * GET several URLs in parallel (one per compared run): `useApi` takes one URL per hook call and
 * hooks can't be called in a loop. `tick` refetches the same URLs (live refresh); `read` turns a
 * response into its value (JSON by default). Answers for a
 * superseded request list are dropped; the map is swapped in whole when all have answered, so
 * each chart redraws once per refresh, not once per run. `concurrency` caps the requests in flight,
 * for heavy reads that must not crowd out the charts' ones.
 */
export function useFetchMany<T>(
  requests: readonly FetchRequest[],
  { tick = 0, concurrency = Infinity, read }: { tick?: number; concurrency?: number; read?: (res: Response) => Promise<T> } = {},
): ManyState<T> {
  const key = JSON.stringify(requests);
  const [state, setState] = useState<{ key: string; data: Map<string, T>; errors: Map<string, ApiFailure> }>({ key: "", data: new Map(), errors: new Map() });
  const latest = useRef(key);
  latest.current = key;

  // A layout effect: the requests leave before the charts' passive effects redraw the old points
  // at a new zoom, so the network and the drawing overlap.
  useLayoutEffect(() => {
    const list = JSON.parse(key) as FetchRequest[];
    if (list.length === 0) return;
    const controller = new AbortController();
    const one = ({ id, url }: FetchRequest) =>
      apiFetch<T>(url, { signal: controller.signal }, read).then(
        (body) => ({ id, body }),
        (err: unknown) => ({ id, err: err instanceof ApiFailure ? err : new ApiFailure(String(err), 0, "unknown") }),
      );
    pooled(list, concurrency, one).then((results) => {
      if (controller.signal.aborted || latest.current !== key) return;
      const data = new Map<string, T>();
      const errors = new Map<string, ApiFailure>();
      for (const r of results) {
        if ("body" in r) data.set(r.id, r.body);
        else errors.set(r.id, r.err);
      }
      setState({ key, data, errors });
    });
    return () => controller.abort();
    // `read` is a module-level function at every call site: not a dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick, concurrency]);

  // A live refresh (same key, new tick) is not "stale": the old points are as good as current.
  return { data: state.data, errors: state.errors, stale: state.key !== key };
}
