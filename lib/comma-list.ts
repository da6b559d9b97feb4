/**
 * The one parser for comma-separated lists: query parameters (`runs=a,b`), settings
 * (ANNEAL_ALLOWED_HOSTS), tag fields. Items are trimmed and empty ones dropped, so "a, b,,c" and
 * "a,b,c" are the same list. `trim: false` keeps surrounding spaces (the compare view's URL state,
 * whose items are encoded metric keys that may carry them).
 */
export function splitCommaList(text: string | null | undefined, opts: { trim?: boolean } = {}): string[] {
  if (!text) return [];
  const items = text.split(",");
  return (opts.trim === false ? items : items.map((v) => v.trim())).filter(Boolean);
}
