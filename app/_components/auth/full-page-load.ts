/**
 * Navigates with a full page load rather than the client router, on purpose: after signing in or
 * out the page must drop every cached query, live stream and the old session's state at once.
 */
export function fullPageLoad(path: string): void {
  window.location.assign(path);
}
