import { Client } from "pg";

/**
 * For the postgres backend: a fresh database per suite run (dropped afterwards), so runs never see
 * each other's data. TEST_DATABASE_URL names the server (default: the local one, database "test").
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const backend = process.env.ANNEAL_TEST_BACKEND ?? "pglite";
  if (backend !== "postgres") {
    provide("databaseUrl", "");
    return;
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const name = `anneal_it_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  provide("databaseUrl", url.toString());
  return async () => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
