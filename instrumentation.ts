// Opens (and migrates) the database when the server starts, so a bad DATABASE_URL or a locked
// embedded database fails at start with a clear message rather than on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Each request's socket address, for the client address behind (or without) trusted proxies.
  const { capturePeerAddresses } = await import("@/lib/server/http/client-address");
  capturePeerAddresses();
  const { openDatabaseAtStart } = await import("@/lib/db/start");
  const db = await openDatabaseAtStart();
  // Webhook deliveries, alert checks, the crash sweep, event pruning, the artifacts' orphan sweep (lib/server/alerts/alert-worker.ts).
  const { startAlertWorker } = await import("@/lib/server/alerts/alert-worker");
  startAlertWorker(db);
}
