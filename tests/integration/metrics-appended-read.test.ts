import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { ZReadMetrics } from "@/lib/schemas/metrics";
import { Auth } from "@/lib/server/auth/auth";
import { createApiKey } from "@/lib/server/keys/create-key";
import { readRunMetrics } from "@/lib/server/metrics/get-metrics";
import { readAppendedMetrics } from "@/lib/server/metrics/read-appended";
import { runMetricsJson } from "@/lib/server/metrics/series-json";
import { call, uniqueSlug } from "./http";
import { countStatements } from "./statement-count";

async function newRun(project: string) {
  return (await call(runs.POST, "POST", "/api/v1/runs", { body: { project } })).json.id as string;
}
const post = async (id: string, body: unknown) =>
  expect((await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body })).status).toBe(200);
const get = (id: string, qs: string, headers: Record<string, string> = {}) =>
  call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?${qs}`, { params: { id }, headers });

const options = (qs: string) => ZReadMetrics.parse(Object.fromEntries(new URLSearchParams(qs)));

async function asText(id: string, read: Awaited<ReturnType<typeof readRunMetrics>>): Promise<string> {
  let text = "";
  for await (const piece of runMetricsJson(id, read)) text += piece;
  return text;
}

/** The general read path's answer (a run lookup, then the chunk index and slices in a snapshot), as text. */
async function generalAnswer(id: string, qs: string): Promise<string> {
  return asText(id, await readRunMetrics(await getDatabase(), id, options(qs)));
}

/** The one-statement path's answer as text, null when it doesn't apply; it must have sent one statement either way. */
async function appendedAnswer(id: string, qs: string): Promise<string | null> {
  const counted = countStatements(await getDatabase());
  const read = await readAppendedMetrics(counted.db, id, options(qs));
  expect(counted.statements(), qs).toBe(1);
  return read && asText(id, read);
}

/** A value per step with NaN and ±Infinity among them. */
const value = (s: number) => (s % 97 === 5 ? "NaN" : s % 89 === 3 ? "Infinity" : s % 83 === 1 ? "-Infinity" : Math.sin(s / 50) + s / 1e4);

/**
 * A run whose keys are stored every way a live chart's read meets them: a chunk past the small
 * tail's size, a small tail of many chunks that gets compacted, steps logged irregularly (their
 * encoding too long for the chunk index to send), a key every tenth step, an epoch axis.
 */
async function liveRun(project: string): Promise<{ id: string; last: number }> {
  const id = await newRun(project);
  const big = Array.from({ length: 5000 }, (_, i) => i);
  await post(id, { step: big, epoch: big.map((s) => s / 1000), values: { loss: big.map(value), lr: big.map((s) => 1e-3 * 0.999 ** s) } });
  let step = big.length;
  let gap = 1;
  for (let n = 0; n < 45; n++) {
    const steps = [step, step + 1, step + 2];
    const values: Record<string, (number | string)[]> = { loss: steps.map(value), lr: steps.map((s) => 1e-3 * 0.999 ** s) };
    if (n % 3 === 0) values["val/mIoU"] = steps.map((s) => s / 1e4);
    await post(id, { batchId: `b-${n}`, step: steps, epoch: steps.map((s) => s / 1000), values });
    // Irregular steps (gaps 1, 2, 3, …): a chunk's step encoding too long to ride in the chunk index.
    const irregular = Array.from({ length: 30 }, () => (gap = (gap % 7) + 1)).map((_, i, g) => step * 10 + g.slice(0, i + 1).reduce((a, b) => a + b, 0));
    await post(id, { step: irregular, values: { gaps: irregular.map(value) } });
    step += 3;
  }
  return { id, last: step - 1 };
}

describe("GET /runs/{id}/metrics: a live chart's read of its new points", () => {
  it("answers byte for byte what the general read path answers, in one statement for the small reads", async () => {
    const { id, last } = await liveRun(uniqueSlug("appended"));
    const keysets = ["loss,lr", "gaps,loss,lr,val/mIoU", "nope,_epoch,loss,loss", "nope"];
    const froms = [-3, 2.5, 4999, 5040.4, last - 2, last + 1, 50_000, 1e9];
    let asked = 0;
    let fast = 0;
    for (const keys of keysets) {
      for (const from of froms) {
        for (const maxPoints of [2000, 0, 7]) {
          for (const to of [undefined, from + 40]) {
            const qs = new URLSearchParams({
              keys,
              x: "step",
              from: String(from),
              maxPoints: String(maxPoints),
              ...(to === undefined ? {} : { to: String(to) }),
            });
            asked++;
            const res = await get(id, qs.toString());
            expect(res.status).toBe(200);
            const general = await generalAnswer(id, qs.toString());
            expect(res.text, qs.toString()).toBe(general);
            const appended = await appendedAnswer(id, qs.toString());
            if (appended !== null) {
              fast++;
              expect(appended, qs.toString()).toBe(general);
            }
          }
        }
      }
    }
    // Most of them are small (138 of 192); the downsampled ones and those over 8,192 stored points went the general way.
    expect(fast).toBeGreaterThan(asked / 2);
    expect(fast).toBeLessThan(asked);

    // A live chart's read: a few points of each key, in one statement.
    const tailQuery = `keys=loss,lr&x=step&from=${last - 2}&maxPoints=2000`;
    const tail = await get(id, tailQuery);
    expect(await appendedAnswer(id, tailQuery)).toBe(tail.text);
    expect(tail.json.series.loss.x).toEqual([last - 2, last - 1, last]);
    expect(tail.json.series.lr.count).toBe(3);
    // Downsampled: the general path.
    const manyQuery = `keys=loss&x=step&from=0&maxPoints=50`;
    const many = await get(id, manyQuery);
    expect(await appendedAnswer(id, manyQuery)).toBeNull();
    expect(many.json.series.loss.downsampled).toBe(true);
  }, 180_000);

  it("checks the run exists and the caller may read it before reading anything", async () => {
    const project = uniqueSlug("appended");
    const id = await newRun(project);
    await post(id, { step: [0, 1], values: { loss: [1, 2] } });
    const missing = await get("no-such-run", "keys=loss&from=1");
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe("Run 'no-such-run' not found");

    const other = uniqueSlug("appended");
    await newRun(other);
    const otherKey = await createApiKey(await getDatabase(), { projectSlug: other, scope: "read", auth: Auth.operator() });
    const refused = await get(id, "keys=loss&from=1", { authorization: `Bearer ${otherKey.key}` });
    expect(refused.status).toBe(403);

    const ownKey = await createApiKey(await getDatabase(), { projectSlug: project, scope: "read", auth: Auth.operator() });
    const allowed = await get(id, "keys=loss&from=1", { authorization: `Bearer ${ownKey.key}` });
    expect(allowed.json.series.loss).toEqual({ x: [1], y: [2], min: [2], max: [2], count: 1, downsampled: false });
    expect(await appendedAnswer(id, "keys=loss&from=1")).toBe(allowed.text);
  });
});
