import "server-only";
import type { Database } from "@/lib/db/client";
import { isLoopbackHost, publicUrl, type Env } from "@/lib/server/env";
import { bootstrapAdmin } from "@/lib/server/users/users";

/**
 * Local mode has no sign-in: on a network address anyone who reaches the port could read and
 * delete everything. Refused at start, with what to set instead (returns the message, or null).
 */
export function bindRefusal(e: Env): string | null {
  if (e.ANNEAL_MODE !== "local" || isLoopbackHost(e.HOST) || e.ANNEAL_OPEN_READS) return null;
  return (
    `HOST=${e.HOST} would let anyone on the network read, change and delete everything: local mode has no sign-in.\n` +
    `  For a team: ANNEAL_MODE=team (accounts, roles, API keys; see "Team mode" in the README).\n` +
    `  For a read-only dashboard on the network (writes need an API key): ANNEAL_OPEN_READS=1.\n` +
    `  Only on this machine: HOST=127.0.0.1 (the default).`
  );
}

/** Team mode at start: the admin from ANNEAL_ADMIN_EMAIL/PASSWORD, or a hint when there is no account yet. */
export async function prepareTeamMode(db: Database, e: Env): Promise<void> {
  if (e.ANNEAL_MODE !== "team") return;
  if (e.ANNEAL_ADMIN_EMAIL && e.ANNEAL_ADMIN_PASSWORD && (await bootstrapAdmin(db, e.ANNEAL_ADMIN_EMAIL, e.ANNEAL_ADMIN_PASSWORD)))
    console.log(`[anneal] created the admin account ${e.ANNEAL_ADMIN_EMAIL}`);
  if ((await db.prisma.user.count()) === 0)
    console.log(
      `[anneal] team mode without accounts: create the admin with\n` +
        `  npm run anneal -- users create --email you@example.com --password '…'   (the first account is the admin)\n` +
        `  or restart with ANNEAL_ADMIN_EMAIL and ANNEAL_ADMIN_PASSWORD set; then sign in at ${publicUrl(e).href.replace(/\/?$/, "/")}sign-in`,
    );
}
