"use client";

import { formatAbsolute, formatRelative } from "@/lib/format/format-values";
import { useNow } from "./use-now";

/** "3 minutes ago" against the shared clock, with the absolute UTC time on hover and in the machine-readable attribute. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={formatAbsolute(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
