import { Auth } from "@/lib/server/auth/auth";
import { withCliDatabase } from "./open-cli-database";
import { createApiKey } from "@/lib/server/keys/create-key";
import { listApiKeys, revokeApiKey } from "@/lib/server/keys/revoke-key";

/** `anneal keys …` on the database directly. Returns a usage error message, or null when it ran. */
export async function keysCommand(o: { verb?: string; arg?: string; project?: string; scope: "write" | "read"; name?: string }): Promise<string | null> {
  if (o.verb !== "create" && o.verb !== "list" && o.verb !== "revoke") return `unknown command 'keys ${o.verb ?? ""}'`;
  if (o.verb !== "revoke" && !o.project) return "--project is required";
  if (o.verb === "revoke" && !/^\d+$/.test(o.arg ?? "")) return "keys revoke takes the key's numeric id (see keys list)";
  await withCliDatabase(async (db) => {
    if (o.verb === "create") {
      const k = await createApiKey(db, { projectSlug: o.project!, scope: o.scope, name: o.name, auth: Auth.operator() });
      console.log(`Created ${k.scope} key #${k.id} for project '${k.project}'. It is shown once; store it now:\n\n  ${k.key}\n`);
      console.log(`Use it as: export ANNEAL_API_KEY=${k.key}   (or the header 'Authorization: Bearer ${k.key}')`);
    } else if (o.verb === "list") {
      for (const k of await listApiKeys(db, { projectSlug: o.project! })) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : `last used ${k.lastUsedAt?.toISOString() ?? "never"}`;
        console.log(`#${k.id}\t${k.prefix}…\t${k.scope}\t${k.name ?? ""}\t${state}`);
      }
    } else {
      await revokeApiKey(db, { id: Number(o.arg), auth: Auth.operator() });
      console.log(`revoked key #${o.arg}`);
    }
  });
  return null;
}
