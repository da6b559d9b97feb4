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

/** fetch + JSON (or `read`) + the API's error envelope → ApiFailure, whatever went wrong. */
export async function apiFetch<T>(url: string, init?: RequestInit, read: (res: Response) => Promise<T> = (res) => res.json() as Promise<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (err) {
    // An abort is the caller's own doing (a superseded query): it stays an abort.
    if (init?.signal?.aborted) throw err;
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
  return read(res).catch((err: unknown) => {
    if (init?.signal?.aborted) throw err;
    throw new ApiFailure(`Unreadable answer from ${url}`, res.status, "bad_response");
  });
}
