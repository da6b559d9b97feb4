import "server-only";

/**
 * The page Content-Security-Policy (the headers every answer gets, and the API's CSP, are in
 * next.config.js). Pages get a fresh script nonce per request (proxy.ts): Next.js puts it on its
 * own inline scripts, and the layout on the theme script, so no inline script runs without it —
 * no 'unsafe-inline' for scripts. Styles keep 'unsafe-inline' (React style attributes, Chart.js).
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
