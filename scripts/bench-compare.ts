// `npm run bench:compare` (after `npm run build`; real PostgreSQL; headless Chromium):
//  - 50 runs × 4 keys × 1,000,000 steps: the compare API (config diff + summary + groups + verdict),
//    and all chart data for a 1,500-px-wide chart (2 points per pixel, every run, every key);
//  - the compare page for 20 such runs: time until every chart is drawn, and a zoom redraw;
//  - the JavaScript the compare page ships, gzipped.
// BENCH_RUNS / BENCH_STEPS shrink the data set for a quick look.
import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { pooled } from "@/lib/async-pool";
import { openDatabase } from "@/lib/db/client";
import { decodeSeriesBatch } from "@/lib/metrics/series-binary";
import { writeSeries } from "@/lib/server/metrics/chunk-store";
import { refreshRunStats } from "@/lib/server/metrics/ingest-metrics";
import { fmt, freshPgDatabase, startServer } from "./bench/server";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const STEPS = Number(process.env.BENCH_STEPS ?? 1_000_000);
const KEYS = ["lr", "loss", "mIoU", "grad_norm"];
const BATCH = 100_000;
const CHART_PX = 1500;

async function seed(databaseUrl: string): Promise<string[]> {
  const db = await openDatabase({ databaseUrl });
  const project = await db.prisma.project.create({ data: { slug: "cmp", name: "cmp" } });
  const ids: string[] = [];
  const t0 = performance.now();
  for (let r = 0; r < RUNS; r++) {
    const id = `cmp${String(r).padStart(3, "0")}`;
    const optimizer = r % 2 ? "SGD" : "AdamW";
    const lr0 = optimizer === "SGD" ? 5e-3 : 1e-4;
    await db.prisma.run.create({
      data: {
        id,
        name: `${optimizer}-${r}`,
        projectId: project.id,
        status: "finished",
        config: { optimizer, lr: lr0, schedule: r % 4 < 2 ? "poly" : "cosine", seed: r, max_steps: STEPS },
      },
    });
    for (let lo = 0; lo < STEPS; lo += BATCH) {
      const s = Float64Array.from({ length: Math.min(BATCH, STEPS - lo) }, (_, i) => lo + i);
      const f = (fn: (x: number) => number) => s.map(fn);
      const series = new Map([
        ["lr", { steps: s, values: f((x) => lr0 * Math.pow(1 - x / STEPS, 0.9)) }],
        ["loss", { steps: s, values: f((x) => 2 / (1 + x / 5e4) + 0.05 * Math.sin(x * (r + 1))) }],
        ["mIoU", { steps: s, values: f((x) => 0.5 * (1 - Math.exp(-x / 2e5)) + 0.01 * (r % 5) + 0.002 * Math.sin(x / 100)) }],
        ["grad_norm", { steps: s, values: f((x) => 1 + 0.5 * Math.cos(x / 1000 + r)) }],
      ]);
      await db.sql.transaction((tx) => writeSeries(tx, id, series));
    }
    await db.sql.transaction((tx) => refreshRunStats(tx, id));
    ids.push(id);
  }
  console.log(`seeded ${RUNS} runs × ${KEYS.length} keys × ${fmt(STEPS)} steps in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await db.close();
  return ids;
}

async function median(fn: () => Promise<void>, reps = 7): Promise<number> {
  await fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    ts.push(performance.now() - t);
  }
  return ts.sort((a, b) => a - b)[reps >> 1];
}

const pg = await freshPgDatabase("compare");
try {
  const ids = await seed(pg.url);
  const server = await startServer({ port: 3303, databaseUrl: pg.url });
  try {
    const url = `${server.url}/api/v1/compare?runs=${ids.join(",")}&groupBy=optimizer`;
    const api = await median(async () => {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
      await r.json();
    });
    console.log(`compare API, ${RUNS} runs (config diff + summary + groups + verdict): ${api.toFixed(0)} ms median (target ≤ 300)`);
    // What the page asks per chart: each run's series of that key at 2 points per pixel.
    const chartRequests = (keys: string[]) => ids.map((id) => `${server.url}/api/v1/runs/${id}/metrics?keys=${keys.join(",")}&maxPoints=${2 * CHART_PX}`);
    // Read as a client would: JSON parsed, or the float64 form decoded.
    const consume = async (u: string) => {
      const res = await fetch(u);
      if (u.includes("format=binary")) decodeSeriesBatch(await res.arrayBuffer());
      else await res.json();
    };
    const fetchAll = (urls: string[]) => median(async () => void (await pooled(urls, 6, consume)), 5);
    const oneChart = await fetchAll(chartRequests(["mIoU"]));
    console.log(
      `chart data for one ${CHART_PX}-px chart (mIoU, ${RUNS} runs × ${2 * CHART_PX} points): ${oneChart.toFixed(0)} ms wall, 6 requests in flight (target ≤ 300)`,
    );
    const allCharts = await fetchAll(chartRequests(KEYS));
    console.log(`chart data for all ${KEYS.length} charts: ${allCharts.toFixed(0)} ms wall`);
    const batch = (keys: string[]) => `${server.url}/api/v1/series?runs=${ids.join(",")}&keys=${keys.join(",")}&maxPoints=${2 * CHART_PX}`;
    const oneBatch = await fetchAll([batch(["mIoU"])]);
    const allBatch = await fetchAll([batch(KEYS)]);
    const serverMs = async (u: string) => {
      const ts: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await fetch(u);
        await r.arrayBuffer();
        ts.push(Number(/dur=([\d.]+)/.exec(r.headers.get("server-timing") ?? "")?.[1]));
      }
      return ts.sort((a, b) => a - b)[2];
    };
    console.log(
      `the same through GET /api/v1/series (one request): one chart ${oneBatch.toFixed(0)} ms wall, all ${KEYS.length} charts ${allBatch.toFixed(0)} ms wall`,
    );
    const binary = await fetchAll([`${batch(["mIoU"])}&format=binary`]);
    console.log(`  as float64 (format=binary, what the compare page asks): one chart ${binary.toFixed(0)} ms wall`);
    // The page's smoothing runs over every logged point: the first read builds the cache, later ones
    // use it. On grad_norm, a key the page below doesn't chart, so its first view stays a first view.
    const smoothed = `${batch(["grad_norm"])}&format=binary&smooth=ema:0.6`;
    const tCold = performance.now();
    await (await fetch(smoothed)).arrayBuffer();
    const cold = performance.now() - tCold;
    console.log(
      `  smoothed over all 1,000,000 points of each run (smooth=ema:0.6): first read ${cold.toFixed(0)} ms, then ${(await fetchAll([smoothed])).toFixed(0)} ms wall`,
    );
    console.log(
      `  server time (Server-Timing: handler + JSON): one chart ${(await serverMs(batch(["mIoU"]))).toFixed(0)} ms (target ≤ 300), all ${KEYS.length} charts ${(await serverMs(batch(KEYS))).toFixed(0)} ms`,
    );

    const browser = await chromium.launch({
      executablePath: fs.existsSync(chromium.executablePath()) ? undefined : "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu"],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    // What the page ships: every script it loads, gzipped as a server would send it.
    const scripts: Promise<number>[] = [];
    page.on("response", (r) => {
      if (r.request().resourceType() === "script")
        scripts.push(
          r.body().then(
            (b) => gzipSync(b).length,
            () => 0,
          ),
        );
    });
    const pageUrl = `${server.url}/projects/cmp/compare?runs=${ids.slice(0, 20).join(",")}`;
    // Drawn, not just loaded: every chart's canvas shows the current range's data (LineChart's
    // data-drawn is set after Chart.js has drawn), for the zoom range the view is at.
    // Drawn, not just loaded: every chart's canvas shows the current range (LineChart's data-drawn is
    // set after Chart.js has drawn: "<state>:<from>:<to>"), with its full-detail data (`ready`) or,
    // while that loads, the points already there (`loading`).
    const drawn = (states: string[]) =>
      page.waitForFunction(
        (ok) => {
          const view = document.querySelector('[data-testid="compare-view"]');
          const range = `:${view?.getAttribute("data-from") ?? ""}:${view?.getAttribute("data-to") ?? ""}`;
          const charts = [...document.querySelectorAll('[data-testid^="compare-chart-"][data-state]')];
          return (
            charts.length > 0 &&
            charts.every(
              (c) =>
                c.getAttribute("data-state") === "empty" || ok.some((state) => c.querySelector("[data-drawn]")?.getAttribute("data-drawn") === state + range),
            )
          );
        },
        states,
        { timeout: 60_000, polling: 16 },
      );
    const allDrawn = () => drawn(["ready"]);
    // In the page: when the drag was released and when each chart last drew (a MutationObserver on
    // data-drawn), so the redraw is also timed without the harness's own latency.
    await page.addInitScript(() => {
      const w = window as unknown as { __zoom: { up: number; drawn: number[] } };
      w.__zoom = { up: 0, drawn: [] };
      addEventListener("pointerup", () => (w.__zoom = { up: performance.now(), drawn: [] }), true);
      new MutationObserver((records) => {
        for (const r of records) if (r.attributeName === "data-drawn") w.__zoom.drawn.push(performance.now());
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-drawn"] });
    });
    const t0 = performance.now();
    await page.goto(pageUrl);
    await allDrawn();
    console.log(`compare page, 20 runs: charts drawn ${((performance.now() - t0) / 1000).toFixed(2)} s after navigation (target ≤ 2 s)`);
    // The first view smooths each run's million points in the background (the charts say so);
    // zooms are timed once that is done.
    await page.waitForFunction(() => !document.querySelector('[data-testid="smoothing-pending"]'), undefined, { timeout: 120_000 });
    console.log(
      `  smoothing over every logged point in place ${((performance.now() - t0) / 1000).toFixed(2)} s after navigation (drawn meanwhile over the downsampled points)`,
    );
    const chart = page.locator('[data-testid^="compare-chart-"] canvas').first();
    const box = (await chart.boundingBox())!;
    const previews: number[] = [];
    const inPage: number[] = [];
    const zooms: number[] = [];
    for (const [a, b] of [
      [0.3, 0.5],
      [0.2, 0.7],
      [0.4, 0.6],
    ]) {
      await page.mouse.move(box.x + box.width * a, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * b, box.y + box.height / 2, { steps: 5 });
      // From releasing the drag to every chart drawn at the new range: first from the points already
      // loaded, then with the re-queried full detail.
      const tz = performance.now();
      await page.mouse.up();
      await page.waitForFunction(() => document.querySelector('[data-testid="compare-view"]')?.hasAttribute("data-from"));
      await drawn(["loading", "ready"]);
      previews.push(performance.now() - tz);
      inPage.push(
        await page.evaluate(
          (charts) => {
            const z = (window as unknown as { __zoom: { up: number; drawn: number[] } }).__zoom;
            return z.drawn[charts - 1] - z.up;
          },
          await page.locator('[data-testid^="compare-chart-"][data-state]').count(),
        ),
      );
      await allDrawn();
      zooms.push(performance.now() - tz);
      await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForFunction(() => !document.querySelector('[data-testid="compare-view"]')?.hasAttribute("data-from"));
      await allDrawn();
    }
    const ms = (t: number[]) => t.map((z) => z.toFixed(0)).join(", ");
    console.log(
      `zoom redraw, drag released → every chart drawn at the new range: ${ms(previews)} ms (target ≤ 300), in the page ${ms(inPage)} ms; with the re-queried full detail: ${ms(zooms)} ms`,
    );
    const jsBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    console.log(`compare page JavaScript: ${(jsBytes / 1024).toFixed(0)} KB gzipped, ${scripts.length} scripts (target ≤ 350)`);
    await browser.close();
  } finally {
    await server.stop();
  }
} finally {
  await pg.drop();
}
