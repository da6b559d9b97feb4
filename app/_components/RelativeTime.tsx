import { formatAbsolute, formatRelative } from "@/lib/format/format-values";

/** "3 minutes ago", with the absolute UTC time on hover and in the machine-readable attribute. */
export function RelativeTime({ iso, now }: { iso: string; now?: number }) {
  return (
    <time dateTime={iso} title={formatAbsolute(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
