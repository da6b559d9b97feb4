// `npm run anneal -- <command>`:
//   import <files or folders…> --project <slug> [--url URL] [--api-key KEY] [--format F] [--name N] [--tags a,b] [--dry-run]
//   keys create --project <slug> [--scope write|read] [--name <label>]     (direct database access)
//   keys list --project <slug>
//   keys revoke <id>
//   users create|list|disable|enable|set-password, members add|list|remove     (direct database access)
import { parseArgs } from "node:util";
import { splitCommaList } from "@/lib/comma-list";
import { importCommand } from "@/lib/cli/import-command";

const USAGE = `usage:
  npm run anneal -- import <files or folders…> --project <slug> [--url http://127.0.0.1:3000] [--api-key ank_…] [--format auto] [--name N] [--tags a,b] [--dry-run]
  npm run anneal -- keys create --project <slug> [--scope write|read] [--name <label>]
  npm run anneal -- keys list --project <slug>
  npm run anneal -- keys revoke <id>
  npm run anneal -- users create --email E --password P [--name N] [--admin]     (the first account is the admin)
  npm run anneal -- users list
  npm run anneal -- users disable|enable --email E
  npm run anneal -- users set-password --email E --password P
  npm run anneal -- members add --project P --email E --role owner|editor|viewer
  npm run anneal -- members list --project P
  npm run anneal -- members remove --project P --email E`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    project: { type: "string" },
    scope: { type: "string", default: "write" },
    name: { type: "string" },
    url: { type: "string", default: process.env.ANNEAL_URL ?? "http://127.0.0.1:3000" },
    "api-key": { type: "string", default: process.env.ANNEAL_API_KEY },
    format: { type: "string" },
    tags: { type: "string" },
    "dry-run": { type: "boolean" },
    email: { type: "string" },
    password: { type: "string" },
    role: { type: "string" },
    admin: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const [command, ...rest] = positionals;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (command === "import") {
  if (!values.project) fail("--project is required");
  if (!rest.length) fail("name the files or folders to import");
  try {
    process.exitCode = await importCommand({
      paths: rest,
      project: values.project,
      url: values.url,
      apiKey: values["api-key"],
      format: values.format,
      name: values.name,
      tags: values.tags === undefined ? undefined : splitCommaList(values.tags),
      dryRun: values["dry-run"],
    });
  } catch (err) {
    console.error(`import failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
} else if (command === "keys") {
  const { keysCommand } = await import("@/lib/cli/keys-command");
  const [verb, arg] = rest;
  if (values.scope !== "write" && values.scope !== "read") fail("--scope must be write or read");
  const error = await keysCommand({ verb, arg, project: values.project, scope: values.scope, name: values.name });
  if (error) fail(error);
} else if (command === "users" || command === "members") {
  const { accountsCommand } = await import("@/lib/cli/accounts-command");
  const error = await accountsCommand(command, { verb: rest[0], ...values });
  if (error) fail(error);
} else fail(command ? `unknown command '${command}'` : "no command given");
