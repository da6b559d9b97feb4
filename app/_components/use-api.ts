"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/** An API failure carrying the server's `{error: {code, message}}` so the UI can show `message`. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** fetch + JSON + the API's error envelope → ApiFailure. */
export async function apiFetch<T>(url: string, init?: RequestInit, read: (res: Response) => Promise<T> = (res) => res.json() as Promise<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiFailure("Cannot reach the Anneal server. Is it running?", 0, "network");
  }
  if (res.status === 204) return undefined as T;
  if (!res.ok) {
    // Errors are JSON envelopes whatever the success format is.
    const body: unknown = await res.json().catch(() => null);
    const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const message = typeof err?.message === "string" ? err.message : `Request failed (HTTP ${res.status})`;
    throw new ApiFailure(message, res.status, typeof err?.code === "string" ? err.code : "http");
  }
  return read(res).catch(() => {
    throw new ApiFailure(`Unreadable answer from ${url}`, res.status, "bad_response");
  });
}

export interface ApiState<T> {
  data: T | undefined;
  error: ApiFailure | undefined;
  /** True until the first response arrives: later fetches (new URL or refresh) keep the old data on screen. */
  loading: boolean;
  /** True while any request is in flight (first load or refresh). */
  fetching: boolean;
  /** True while the data shown is from an older URL (filters or zoom changed, answer not in yet). */
  stale: boolean;
  /** Whether the data is being refreshed periodically right now. */
  polling: boolean;
  reload: () => void;
}

/**
 * GET `url` (null = don't fetch) and optionally poll every `refreshMs`. The previous data stays
 * on screen while a refetch runs (no flicker), and a late response for an old URL is dropped.
 * Polling pauses while the tab is hidden, and with `refreshWhile` only runs while the last
 * response says so (e.g. while a run is running).
 */
export function useApi<T>(url: string | null, { refreshMs, refreshWhile }: { refreshMs?: number; refreshWhile?: (data: T) => boolean } = {}): ApiState<T> {
  const [data, setData] = useState<T>();
  const [dataUrl, setDataUrl] = useState<string | null>(null);
  const [error, setError] = useState<ApiFailure>();
  const [fetching, setFetching] = useState(false);
  const [tick, setTick] = useState(0);
  const latest = useRef(url);
  latest.current = url;

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    setFetching(true);
    apiFetch<T>(url, { signal: controller.signal })
      .then((body) => {
        if (latest.current !== url) return;
        setData(body);
        setDataUrl(url);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted || latest.current !== url) return;
        setError(err instanceof ApiFailure ? err : new ApiFailure(String(err), 0, "unknown"));
      })
      .finally(() => {
        if (!controller.signal.aborted) setFetching(false);
      });
    return () => controller.abort();
  }, [url, tick]);

  const polling = !!refreshMs && url !== null && (refreshWhile ? data !== undefined && refreshWhile(data) : true);
  useEffect(() => {
    if (!polling) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === "visible") setTick((t) => t + 1);
    }, refreshMs);
    return () => window.clearInterval(id);
  }, [polling, refreshMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return {
    data,
    error,
    loading: url !== null && data === undefined && error === undefined,
    fetching,
    stale: data !== undefined && dataUrl !== url,
    polling,
    reload,
  };
}
