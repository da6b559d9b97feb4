// `npm run demo`: loads the example runs (real PyTorch training logs) into the "demo" project.
import { openCliDatabase } from "@/lib/cli/open-cli-database";
import { env } from "@/lib/server/env";
import { loadDemo } from "@/lib/server/demo/load-demo";
import { Auth } from "@/lib/server/auth/auth";

const e = env();
const db = await openCliDatabase();
try {
  const r = await loadDemo(db, { auth: Auth.operator() });
  console.log(`demo project '${r.project}': ${r.created} runs loaded (${r.runs - r.created} were already there)`);
  console.log(`open http://${e.HOST}:${e.PORT}/projects/${r.project}`);
} finally {
  await db.close();
}
