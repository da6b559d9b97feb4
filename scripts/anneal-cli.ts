// `npm run anneal -- <command>`: operator commands that work on the database directly.
//   keys create --project <slug> [--scope write|read] [--name <label>]
//   keys list --project <slug>
//   keys revoke <id>
import { parseArgs } from "node:util";
import { openDatabase } from "@/lib/db/client";
import { env } from "@/lib/server/env";
import { createApiKey } from "@/lib/server/keys/create-key";
import { listApiKeys, revokeApiKey } from "@/lib/server/keys/revoke-key";

const USAGE = `usage:
  npm run anneal -- keys create --project <slug> [--scope write|read] [--name <label>]
  npm run anneal -- keys list --project <slug>
  npm run anneal -- keys revoke <id>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { project: { type: "string" }, scope: { type: "string", default: "write" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const [group, verb, arg] = positionals;
if (values.help || group !== "keys" || !verb) fail(group ? `unknown command '${positionals.join(" ")}'` : "no command given");
if (values.scope !== "write" && values.scope !== "read") fail("--scope must be write or read");

const e = env();
const db = await openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.ANNEAL_DATA_DIR });
try {
  if (verb === "create") {
    if (!values.project) fail("--project is required");
    const k = await createApiKey(db, { projectSlug: values.project, scope: values.scope as "write" | "read", name: values.name });
    console.log(`Created ${k.scope} key #${k.id} for project '${k.project}'. It is shown once; store it now:\n\n  ${k.key}\n`);
    console.log(`Use it as: export ANNEAL_API_KEY=${k.key}   (or the header 'Authorization: Bearer ${k.key}')`);
  } else if (verb === "list") {
    if (!values.project) fail("--project is required");
    for (const k of await listApiKeys(db, { projectSlug: values.project })) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : `last used ${k.lastUsedAt?.toISOString() ?? "never"}`;
      console.log(`#${k.id}\t${k.prefix}…\t${k.scope}\t${k.name ?? ""}\t${state}`);
    }
  } else if (verb === "revoke") {
    if (!arg || !/^\d+$/.test(arg)) fail("keys revoke takes the key's numeric id (see keys list)");
    await revokeApiKey(db, { id: Number(arg) });
    console.log(`revoked key #${arg}`);
  } else fail(`unknown command 'keys ${verb}'`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
