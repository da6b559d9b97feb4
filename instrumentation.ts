// Opens (and migrates) the database when the server starts, so a bad DATABASE_URL or a locked
// embedded database fails at start with a clear message rather than on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDatabase } = await import("@/lib/db");
  try {
    const db = await getDatabase();
    console.log(`[anneal] database ready (${db.kind})`);
  } catch (err) {
    console.error(`[anneal] ${(err as Error).message}`);
    process.exit(1);
  }
}
