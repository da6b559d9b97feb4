"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { ApiFailure } from "@/lib/client/api-fetch";

declare module "@tanstack/react-query" {
  interface Register {
    // Every query reads through apiFetch, which fails only with an ApiFailure (or an abort, which TanStack swallows).
    defaultError: ApiFailure;
  }
}

/**
 * One query cache per browser tab. Freshness comes from each screen's polling (and, later, server
 * events invalidating keys from lib/client/query-keys.ts), not from focus or reconnect refetches;
 * a failed read is shown at once with a Retry button, not retried behind the user's back.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
