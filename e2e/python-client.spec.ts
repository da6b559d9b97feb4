import { expect, test } from "./fixtures";
import { spawnSync } from "node:child_process";

// The Python client against the real server: live logging, a dead server + `anneal.py sync`, and a
// server that goes away mid-run and comes back — every value must arrive exactly once.
test("python client delivers every value exactly once, through outages", async ({ baseURL }) => {
  const r = spawnSync("python3", ["tests/python/real_server_check.py"], {
    env: { ...process.env, ANNEAL_URL: baseURL! },
    encoding: "utf8",
    timeout: 120_000,
  });
  console.log(r.stdout);
  if (r.status !== 0) console.error(r.stderr);
  expect(r.status).toBe(0);
});

test("the app serves the client at /anneal.py", async ({ request }) => {
  const res = await request.get("/anneal.py");
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("def init(");
});
