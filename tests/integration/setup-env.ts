import { inject } from "vitest";

// Must run before anything reads the environment: route modules open the database lazily from it.
const url = inject("databaseUrl");
if (url) process.env.DATABASE_URL = url;
else {
  delete process.env.DATABASE_URL;
  process.env.ANNEAL_DATA_DIR = ":memory:";
}
process.env.HOST = "127.0.0.1";
process.env.ANNEAL_KEY_PEPPER = "test-pepper";
// Small enough that a test can exceed it with one run (the default is 10,000,000).
process.env.ANNEAL_MAX_READ_VALUES = "500000";
// Every answer of an apiRoute is checked against its response schema in the route registry.
process.env.ANNEAL_CHECK_RESPONSES = "1";
