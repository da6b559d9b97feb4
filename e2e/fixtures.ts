import { test as base, expect, type APIRequestContext, type TestInfo } from "@playwright/test";
import { demoRuns } from "@/lib/demo/demo-runs";
import { toWireDeep } from "@/lib/schemas/common";

/**
 * Playwright fixtures: every test makes its own data through per-test factories (unique project
 * names, runs created through the HTTP API), so specs run in parallel, in any order, and none
 * depends on what another one left behind. Specs import `test` and `expect` from here.
 *
 *   test("…", async ({ page, factory }) => {
 *     const project = await factory.project();
 *     const [run] = await factory.exampleRuns(project, ["sgd-2e-2-plateau"]);
 *     await page.goto(run.path);
 *   });
 *
 * `api` is the request context the factories write with. It is a fixture of its own so that a
 * spec (or a later fixture, e.g. a signed-in user's session or an API key) can override it and
 * every factory follows.
 */

export interface RunRef {
  id: string;
  name: string;
  project: string;
  url: string;
  /** The run page's path, for page.goto. */
  path: string;
}

/** A metrics batch in the API's columns form (null: not logged at that step). */
export interface Points {
  step: number[];
  epoch?: number[];
  /** Unix seconds. */
  time?: (number | null)[];
  values: Record<string, (number | string | null)[]>;
}

export interface RunInput {
  name?: string;
  config?: Record<string, unknown>;
  tags?: string[];
  points?: Points;
  /** Left running unless set. */
  status?: "finished" | "failed" | "killed";
}

export interface Factory {
  /** A unique project slug for this test; created on the server by its first run (or `project()`). */
  projectName(label?: string): string;
  /** A project of this test's own, created through the API; returns its slug. */
  project(options?: { label?: string; mainMetric?: string; mainMetricMode?: "max" | "min" }): Promise<string>;
  /** A run in `project` (which need not exist yet), with its points logged and its status set. */
  run(project: string, input?: RunInput): Promise<RunRef>;
  /** Logs more points to a run. */
  log(runId: string, points: Points): Promise<void>;
  /** The named example runs (real PyTorch training logs, as `npm run demo` loads them) in `project`, finished. */
  exampleRuns(project: string, names: readonly string[]): Promise<RunRef[]>;
}

interface Fixtures {
  api: APIRequestContext;
  factory: Factory;
}

/** Lowercase, dash-separated, short enough for a slug with room for the unique suffix. */
const slugPart = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24) || "t";

let sequence = 0;
/** Unique across workers (worker index), runs of the suite (time) and calls within a test (sequence). */
function uniqueSlug(testInfo: TestInfo, label?: string): string {
  const file = slugPart(testInfo.titlePath[0].replace(/\.spec\.ts$/, ""));
  return `${file}-${label ? `${slugPart(label)}-` : ""}w${testInfo.workerIndex}-${Date.now().toString(36)}-${(sequence++).toString(36)}`;
}

async function ok<T>(response: Promise<import("@playwright/test").APIResponse>, what: string): Promise<T> {
  const res = await response;
  expect(res.ok(), `${what}: HTTP ${res.status()} ${await res.text()}`).toBe(true);
  return (res.status() === 204 ? undefined : await res.json()) as T;
}

function makeFactory(api: APIRequestContext, testInfo: TestInfo): Factory {
  const log = async (runId: string, points: Points) => {
    await ok(api.post(`/api/v1/runs/${runId}/metrics`, { data: points }), `log points to ${runId}`);
  };
  const finish = async (runId: string, status: NonNullable<RunInput["status"]>) => {
    await ok(api.patch(`/api/v1/runs/${runId}`, { data: { status } }), `mark ${runId} ${status}`);
  };
  const create = async (body: Record<string, unknown>): Promise<RunRef> => {
    const run = await ok<Omit<RunRef, "path">>(api.post("/api/v1/runs", { data: body }), `create run in ${String(body.project)}`);
    return { ...run, path: new URL(run.url).pathname };
  };

  return {
    projectName: (label) => uniqueSlug(testInfo, label),
    async project({ label, ...settings } = {}) {
      const slug = uniqueSlug(testInfo, label);
      await ok(api.post("/api/v1/projects", { data: { name: slug, slug, ...settings } }), `create project ${slug}`);
      return slug;
    },
    async run(project, { points, status, ...input } = {}) {
      const run = await create({ project, ...input });
      if (points) await log(run.id, points);
      if (status) await finish(run.id, status);
      return run;
    },
    log,
    async exampleRuns(project, names) {
      const known = new Map(demoRuns(names).map((r) => [r.name, r]));
      expect(
        names.filter((n) => !known.has(n)),
        "example runs that don't exist",
      ).toEqual([]);
      return Promise.all(
        names.map(async (name) => {
          const demo = known.get(name)!;
          const run = await create({ project, name, tags: demo.tags, config: demo.config, startedAt: demo.startedAt.toISOString() });
          // NaN and ±Infinity travel as strings: JSON has no spelling for them.
          await log(run.id, toWireDeep(demo.batch()) as Points);
          await finish(run.id, "finished");
          return run;
        }),
      );
    },
  };
}

export const test = base.extend<Fixtures>({
  // (Playwright calls the second argument `use`; named `provide` here, as it is no React hook.)
  api: async ({ request }, provide) => {
    await provide(request);
  },
  factory: async ({ api }, provide, testInfo) => {
    await provide(makeFactory(api, testInfo));
  },
});

export { expect };
