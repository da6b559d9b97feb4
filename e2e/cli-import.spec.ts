import { expect, test } from "./fixtures";
import { spawnSync } from "node:child_process";
import { makeWorkDirs } from "./work-dirs";

// As `npm run anneal` runs it: the CLI loads server modules, which need the react-server condition.
const anneal = (args: string[]) =>
  spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/anneal-cli.ts", ...args], { encoding: "utf8", timeout: 60_000 });

// The CLI walks a folder of two experiments, uploads it, and prints one URL per run.
test("anneal import uploads a work_dirs folder and prints the run URLs", async ({ baseURL, request, factory }) => {
  const workDirs = makeWorkDirs();
  const project = factory.projectName();
  const r = anneal(["import", workDirs, "--project", project, "--url", baseURL!]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const urls = r.stdout.match(/http:\/\/\S+\/projects\/\S+\/runs\/\w+/g) ?? [];
  expect(urls).toHaveLength(2);
  const listed = (await (await request.get(`/api/v1/runs?project=${project}`)).json()) as { total: number };
  expect(listed.total).toBe(2);
  const again = anneal(["import", workDirs, "--project", project, "--url", baseURL!]);
  expect(again.stdout).toContain("already imported");
});
