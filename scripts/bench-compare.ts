// `npm run bench:compare` (after `npm run build`; real PostgreSQL; headless Chromium). Every figure
// is a median of REPS (≥ 3) measurements, printed with the machine's load average:
//  - 50 runs × 4 keys × 1,000,000 steps: the compare API (config diff + summary + groups + verdict)
//    and one chart's data as the page reads it (a bucket per pixel of its widest chart; server
//    time and as a client sees it);
//  - the compare page for 20 of those runs, and for 20 runs × 10,000 steps, in a fresh browser
//    context each time: every chart drawn, the exact smoothing in place, and the 1M/10k ratio
//    (the ratio is what holds from machine to machine), with where the time went on the page's clock
//    and the page's main-thread CPU time up to drawn (tasks, script; barely moved by the machine's
//    load) with the JavaScript it had loaded by then, and the CPU the browser's processes (by type)
//    and the server used meanwhile (on 2 cores, what the page waits for besides its own work);
//  - zoom: from releasing a drag to every chart drawn with the full detail of the new range, and
//    the series requests each zoom made;
//  - the bytes the page's series read sends, and the JavaScript the page ships, gzipped.
// BENCH_RUNS / BENCH_STEPS shrink the large data set for a quick look, BENCH_REPS the repetitions;
// BENCH_PORT picks the port; BENCH_KEEP=1 keeps the seeded database and prints its URL, and
// BENCH_REUSE=<that url> measures it again without seeding (pass the same BENCH_RUNS/BENCH_STEPS:
// they label the figures). BENCH_ONLY=api measures the API reads only (no browser): the compare API
// warm (unchanged runs, read again) and cold (every compared run's row rewritten first, so nothing
// cached for it applies; with the server's and its PostgreSQL backends' CPU per read, which holds
// under load), and one chart's data; BENCH_CPU_PROF=<folder> runs the server under node --cpu-prof
// (the profile is written when it stops).
import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import { openDatabase, type Database } from "@/lib/db/client";
import { decodeSeriesBatch } from "@/lib/metrics/series-binary";
import { chartPoints, DEFAULT_CHART_PX } from "@/lib/compare/view-reads";
import { writeSeries } from "@/lib/server/metrics/chunk-store";
import { refreshRunStats } from "@/lib/server/metrics/ingest-metrics";
import { Client } from "pg";
import { browserCpuMs } from "./bench/browser-cpu";
import { benchPort, databaseCpuMs, fmt, freshPgDatabase, loadAverage, median, medianMs, startServer, withApplicationName } from "./bench/server";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const STEPS = Number(process.env.BENCH_STEPS ?? 1_000_000);
const SHORT_STEPS = 10_000;
const PAGE_RUNS = 20;
const KEYS = ["lr", "loss", "mIoU", "grad_norm"];
const BATCH = 100_000;
/** Buckets per chart the compare page reads for this many runs on its widest (default) chart. */
const CHART_POINTS = chartPoints(DEFAULT_CHART_PX, RUNS);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const ONLY_API = process.env.BENCH_ONLY === "api";

async function seed(db: Database, slug: string, runs: number, steps: number): Promise<string[]> {
  const project = await db.prisma.project.create({ data: { slug, name: slug } });
  const ids: string[] = [];
  const t0 = performance.now();
  for (let r = 0; r < runs; r++) {
    const id = `${slug}${String(r).padStart(3, "0")}`;
    const optimizer = r % 2 ? "SGD" : "AdamW";
    const lr0 = optimizer === "SGD" ? 5e-3 : 1e-4;
    await db.prisma.run.create({
      data: {
        id,
        name: `${optimizer}-${r}`,
        projectId: project.id,
        status: "finished",
        config: { optimizer, lr: lr0, schedule: r % 4 < 2 ? "poly" : "cosine", seed: r, max_steps: steps },
      },
    });
    for (let lo = 0; lo < steps; lo += BATCH) {
      const s = Float64Array.from({ length: Math.min(BATCH, steps - lo) }, (_, i) => lo + i);
      const f = (fn: (x: number) => number) => s.map(fn);
      const series = new Map([
        ["lr", { steps: s, values: f((x) => lr0 * Math.pow(1 - x / steps, 0.9)) }],
        ["loss", { steps: s, values: f((x) => 2 / (1 + x / (steps / 20)) + 0.05 * Math.sin(x * (r + 1))) }],
        ["mIoU", { steps: s, values: f((x) => 0.5 * (1 - Math.exp(-x / (steps / 5))) + 0.01 * (r % 5) + 0.002 * Math.sin(x / 100)) }],
        ["grad_norm", { steps: s, values: f((x) => 1 + 0.5 * Math.cos(x / 1000 + r)) }],
      ]);
      await db.sql.transaction((tx) => writeSeries(tx, id, series));
    }
    await db.sql.transaction((tx) => refreshRunStats(tx, id));
    ids.push(id);
  }
  console.log(`seeded ${runs} runs × ${KEYS.length} keys × ${fmt(steps)} steps in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return ids;
}

/** A GET as a client makes it, the answer read whole; its size and the server's own time (Server-Timing). */
async function get(url: string): Promise<{ bytes: number; serverMs: number }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  const body = await res.arrayBuffer();
  if (url.includes("format=binary")) decodeSeriesBatch(body);
  else JSON.parse(new TextDecoder().decode(body));
  return { bytes: body.byteLength, serverMs: Number(/dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1]) };
}

/** Client and server medians of REPS reads (after a warm-up read). */
async function timed(url: string): Promise<{ client: number; server: number; bytes: number }> {
  const server: number[] = [];
  let bytes = 0;
  const client = await medianMs(
    async () => {
      const r = await get(url);
      server.push(r.serverMs);
      bytes = r.bytes;
    },
    Math.max(REPS, 5),
  );
  return { client, server: median(server.slice(1)), bytes };
}

interface PageRun {
  drawn: number;
  smoothed: number;
  seriesBytes: number;
  scripts: number[];
  requests: string[];
  /** The page's own clock (ms after navigation start): where the time went. */
  inPage: { html: number; series: number; hydrated: number; drawn: number };
  /**
   * The page's main thread up to every chart drawn, in its own CPU time (CDP Performance metrics
   * on thread ticks, so other processes' load barely moves them): all its tasks, the script part
   * of them, and the JavaScript (uncompressed bytes) it had loaded by then.
   */
  mainThread: { taskMs: number; scriptMs: number; jsBytes: number };
  /** CPU time (ms) from navigation to drawn of the browser's processes by type and of the server (see browserCpuMs). */
  machineCpu: Record<string, number>;
}

/** Opens the compare page in a fresh context (nothing cached in the browser): time to every chart drawn, to the exact smoothing, and what was fetched. */
async function openPage(browser: Browser, url: string, serverCpuMs: () => number): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  const scripts: Promise<number>[] = [];
  const series: Promise<number>[] = [];
  const requests: string[] = [];
  const machineCpu = () => ({ ...browserCpuMs(), server: serverCpuMs() });
  const cpuBefore = machineCpu();
  const t0 = performance.now();
  page.on("request", (r) => {
    if (r.url().includes("/api/")) requests.push(`${(performance.now() - t0).toFixed(0)} ms ${r.method()} ${new URL(r.url()).pathname}`);
  });
  page.on("response", (r) => {
    const body = () =>
      r.body().then(
        (b) => b,
        () => Buffer.alloc(0),
      );
    if (r.request().resourceType() === "script") scripts.push(body().then((b) => gzipSync(b).length));
    if (r.url().includes("/api/v1/series")) series.push(body().then((b) => b.length));
  });
  await page.goto(url);
  await drawn(page, ["ready"]);
  const drawnAt = performance.now() - t0;
  const cpuAfter = machineCpu();
  const metrics = new Map((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  // HTML received; the last series read received; the first request the hydrated page makes (the
  // project tabs' read); the charts drawn (the poll above saw it within a frame).
  const inPage = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const series = resources.filter((e) => e.name.includes("/api/v1/series"));
    const hydrated = resources.find((e) => /\/api\/v1\/projects\//.test(e.name));
    const js = resources.filter((e) => e.initiatorType === "script" || new URL(e.name).pathname.endsWith(".js"));
    return {
      html: nav.responseEnd,
      series: Math.max(0, ...series.map((e) => e.responseEnd)),
      hydrated: hydrated?.startTime ?? NaN,
      drawn: performance.now(),
      jsBytes: js.reduce((sum, e) => sum + e.decodedBodySize, 0),
    };
  });
  await page.waitForFunction(() => !document.querySelector('[data-testid="smoothing-pending"]'), undefined, { timeout: 120_000 });
  const smoothedAt = performance.now() - t0;
  const { jsBytes, ...clock } = inPage;
  const out = {
    inPage: clock,
    machineCpu: Object.fromEntries(Object.entries(cpuAfter).map(([k, v]) => [k, v - (cpuBefore[k as keyof typeof cpuBefore] ?? 0)])),
    mainThread: { taskMs: (metrics.get("TaskDuration") ?? NaN) * 1000, scriptMs: (metrics.get("ScriptDuration") ?? NaN) * 1000, jsBytes },
    drawn: drawnAt,
    smoothed: smoothedAt,
    seriesBytes: (await Promise.all(series)).reduce((a, b) => a + b, 0),
    scripts: await Promise.all(scripts),
    requests,
  };
  await context.close();
  return out;
}

/**
 * Every chart's canvas shows the current range (LineChart's data-drawn is set after Chart.js has
 * drawn: "<state>:<from>:<to>"), with its full-detail data (`ready`) or, while that loads, the
 * points already there (`loading`).
 */
function drawn(page: import("@playwright/test").Page, states: string[]) {
  return page.waitForFunction(
    (ok) => {
      const view = document.querySelector('[data-testid="compare-view"]');
      const range = `:${view?.getAttribute("data-from") ?? ""}:${view?.getAttribute("data-to") ?? ""}`;
      const charts = [...document.querySelectorAll('[data-testid^="compare-chart-"][data-state]')];
      return (
        charts.length > 0 &&
        charts.every(
          (c) => c.getAttribute("data-state") === "empty" || ok.some((state) => c.querySelector("[data-drawn]")?.getAttribute("data-drawn") === state + range),
        )
      );
    },
    states,
    { timeout: 60_000, polling: 16 },
  );
}

/** Zooms on the first chart REPS times (a drag, then a double-click back): release → every chart drawn at the new range, first from the points loaded, then with full detail. */
async function zooms(browser: Browser, url: string): Promise<{ preview: number[]; full: number[]; reads: number[] }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
  const page = await context.newPage();
  let seriesReads = 0;
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/series")) seriesReads++;
  });
  const reads: number[] = [];
  await page.goto(url);
  await drawn(page, ["ready"]);
  await page.waitForFunction(() => !document.querySelector('[data-testid="smoothing-pending"]'), undefined, { timeout: 120_000 });
  // The compare answer is asked for once the charts are drawn, and its verdict then appears above
  // them, moving them down (~150 px): a gesture aimed where the chart was lands beside it (a
  // double-click on the figure's frame reset nothing, in 1 of 5 runs). Wait for that answer, and
  // aim every gesture at where the chart is at that moment.
  await page.getByTestId("compare-summary").waitFor({ timeout: 120_000 });
  const chart = page.locator('[data-testid^="compare-chart-"] canvas').first();
  const chartBox = async () => {
    await chart.scrollIntoViewIfNeeded();
    return (await chart.boundingBox())!;
  };
  const preview: number[] = [];
  const full: number[] = [];
  const spans = [
    [0.3, 0.5],
    [0.2, 0.7],
    [0.4, 0.6],
    [0.1, 0.3],
    [0.55, 0.8],
  ].slice(0, Math.max(REPS, 3));
  for (const [a, b] of spans) {
    let box = await chartBox();
    await page.mouse.move(box.x + box.width * a, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * b, box.y + box.height / 2, { steps: 5 });
    const t = performance.now();
    seriesReads = 0;
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('[data-testid="compare-view"]')?.hasAttribute("data-from"));
    await drawn(page, ["loading", "ready"]);
    preview.push(performance.now() - t);
    await drawn(page, ["ready"]);
    full.push(performance.now() - t);
    reads.push(seriesReads);
    box = await chartBox();
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => !document.querySelector('[data-testid="compare-view"]')?.hasAttribute("data-from"));
    await drawn(page, ["ready"]);
  }
  await context.close();
  return { preview, full, reads };
}

/** A series read of the long runs as the compare page makes it for its widest chart. */
const chartUrl =
  (base: string, runs: string[]) =>
  (keys: string[], extra = "") =>
    `${base}/api/v1/series?runs=${runs.join(",")}&keys=${keys.join(",")}&maxPoints=${CHART_POINTS}&smooth=ema:0.6&smoothWait=false${extra}`;

const ms = (v: number) => `${v.toFixed(0)} ms`;
const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
const all = (values: number[], f: (v: number) => string) => `${f(median(values))} median (${values.map(f).join(", ")})`;

const reuse = process.env.BENCH_REUSE;
const pg = reuse ? { url: reuse, drop: async () => {} } : await freshPgDatabase("compare");
try {
  const db = await openDatabase({ databaseUrl: pg.url });
  const ids = async (slug: string) => (await db.sql.query<{ id: string }>(`SELECT id FROM runs WHERE id LIKE $1 ORDER BY id`, [`${slug}%`])).map((r) => r.id);
  const long = reuse ? await ids("cmp") : await seed(db, "cmp", RUNS, STEPS);
  const short = reuse ? await ids("short") : await seed(db, "short", PAGE_RUNS, SHORT_STEPS);
  await db.sql.exec("VACUUM ANALYZE");
  await db.close();
  const profile = process.env.BENCH_CPU_PROF;
  // The server's connections named, so the CPU of their backends is told apart from other clients' of a shared (BENCH_REUSE) database.
  const application = `anneal-bench-compare-${benchPort(3303)}`;
  const server = await startServer({
    port: benchPort(3303),
    databaseUrl: withApplicationName(pg.url, application),
    nodeArgs: profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : undefined,
  });
  try {
    console.log(`\n== API, ${RUNS} runs × ${fmt(STEPS)} steps (medians of ≥ ${Math.max(REPS, 5)} reads after a warm-up; load average ${loadAverage()})`);
    const compareUrl = `${server.url}/api/v1/compare?runs=${long.join(",")}&groupBy=optimizer`;
    const api = await timed(compareUrl);
    console.log(`compare API: ${ms(api.client)} as a client sees it, server ${ms(api.server)} (target ≤ 150), ${fmt(api.bytes)} bytes`);
    // Cold: every compared run's row rewritten (a new row version, as any write to the run makes), so
    // no answer kept for an earlier version of it applies; PostgreSQL's pages stay warm.
    const touch = new Client({ connectionString: pg.url });
    await touch.connect();
    const cpu = async () => ({ server: server.cpuMs(), postgres: await databaseCpuMs(touch, application) });
    const cold: number[] = [];
    const coldServer: number[] = [];
    // The warm reads above never run the series read path (their answers are kept): the first cold
    // read also compiles it, once per server process. Measured apart, so the figures below are the
    // reads' own cost, like the warm ones'.
    const touchRuns = () => touch.query(`UPDATE runs SET last_activity_at = last_activity_at WHERE id = ANY($1::text[])`, [long]);
    await touchRuns();
    const first = await cpu();
    const t1 = performance.now();
    await get(compareUrl);
    const firstMs = performance.now() - t1;
    const afterFirst = await cpu();
    console.log(
      `compare API, first cold read of the server process: ${ms(firstMs)} as a client sees it, CPU: server ${ms(afterFirst.server - first.server)}, PostgreSQL ${ms(afterFirst.postgres - first.postgres)}`,
    );
    const start = await cpu();
    const reads = Math.max(REPS, 5);
    for (let i = 0; i < reads; i++) {
      await touchRuns();
      const t = performance.now();
      coldServer.push((await get(compareUrl)).serverMs);
      cold.push(performance.now() - t);
    }
    const end = await cpu();
    await touch.end();
    console.log(`compare API, cold (runs rewritten before each read): ${all(cold, ms)} as a client sees it, server ${ms(median(coldServer))}`);
    // CPU time holds under load, unlike the latencies (/proc, 10 ms ticks: the mean over the reads).
    console.log(
      `compare API, cold, CPU per read: server ${ms((end.server - start.server) / reads)}, PostgreSQL ${ms((end.postgres - start.postgres) / reads)} (its backends serving the server)`,
    );
    const chart = chartUrl(server.url, long);
    const one = await timed(chart(["mIoU"], "&format=binary"));
    console.log(
      `one chart's data (mIoU, ${RUNS} runs, ${CHART_POINTS} buckets as the page reads them, smoothed), binary: server ${ms(one.server)} (target ≤ 150), client ${ms(one.client)}, ${fmt(one.bytes)} bytes`,
    );
    if (!ONLY_API) await pageFigures(server, long, short);
  } finally {
    await server.stop();
  }
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept the database: BENCH_REUSE=${pg.url}`);
  else await pg.drop();
}

/** Everything after the API reads: the other chart reads, the compare pages in Chromium, zoom. */
async function pageFigures(server: { url: string; cpuMs: () => number }, long: string[], short: string[]) {
  const chart = chartUrl(server.url, long);
  const oneJson = await timed(chart(["mIoU"]));
  console.log(`  the same as JSON: server ${ms(oneJson.server)}, client ${ms(oneJson.client)}, ${fmt(oneJson.bytes)} bytes`);
  const allCharts = await timed(chart(KEYS, "&format=binary"));
  console.log(`all ${KEYS.length} keys, binary: server ${ms(allCharts.server)}, client ${ms(allCharts.client)}, ${fmt(allCharts.bytes)} bytes`);
  // A smoothing not kept by the store: computed over every point on first use, then cached.
  const other = `${chart(["grad_norm"], "&format=binary").replace("ema:0.6", "ema:0.9").replace("&smoothWait=false", "")}`;
  const tCold = performance.now();
  await get(other);
  console.log(
    `smoothing not kept by the store (ema:0.9, ${RUNS} runs × ${fmt(STEPS)} points): first read ${ms(performance.now() - tCold)}, then ${ms((await timed(other)).client)}`,
  );

  const browser = await chromium.launch({
    executablePath: fs.existsSync(chromium.executablePath()) ? undefined : "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    const pageUrl = (ids: string[], slug: string) => `${server.url}/projects/${slug}/compare?runs=${ids.slice(0, PAGE_RUNS).join(",")}`;
    // One untimed visit of each page first: Next.js compiles nothing at run time, but the server's caches and PostgreSQL's pages should be warm, as for any view after the first.
    await openPage(browser, pageUrl(long, "cmp"), server.cpuMs);
    await openPage(browser, pageUrl(short, "short"), server.cpuMs);
    const pages: Record<string, PageRun[]> = { long: [], short: [] };
    for (let i = 0; i < REPS; i++) {
      pages.short.push(await openPage(browser, pageUrl(short, "short"), server.cpuMs));
      pages.long.push(await openPage(browser, pageUrl(long, "cmp"), server.cpuMs));
    }
    const drawnLong = median(pages.long.map((p) => p.drawn));
    const drawnShort = median(pages.short.map((p) => p.drawn));
    console.log(`\n== compare page, ${PAGE_RUNS} runs, fresh browser context each time (load average ${loadAverage()})`);
    console.log(
      `× ${fmt(STEPS)} steps: charts drawn ${all(
        pages.long.map((p) => p.drawn),
        s,
      )} after navigation (target ≤ 2 s)`,
    );
    console.log(
      `× ${fmt(SHORT_STEPS)} steps: charts drawn ${all(
        pages.short.map((p) => p.drawn),
        s,
      )} (target ≤ 1.2 s)`,
    );
    console.log(`${fmt(STEPS)} / ${fmt(SHORT_STEPS)} ratio: ${(drawnLong / drawnShort).toFixed(2)} (target ≤ 1.5)`);
    const where = (runs: PageRun[]) => {
      const m = (f: (p: PageRun["inPage"]) => number) => s(median(runs.map((r) => f(r.inPage))));
      return `HTML in ${m((p) => p.html)}, series read in ${m((p) => p.series)}, page hydrated ~${m((p) => p.hydrated)}, charts drawn ${m((p) => p.drawn)}`;
    };
    console.log(`  where the time goes (the page's own clock, medians): ${fmt(STEPS)}: ${where(pages.long)}; ${fmt(SHORT_STEPS)}: ${where(pages.short)}`);
    const cpu = (runs: PageRun[]) => {
      const m = (f: (p: PageRun["mainThread"]) => number) => median(runs.map((r) => f(r.mainThread)));
      return `${ms(m((p) => p.taskMs))} of tasks, ${ms(m((p) => p.scriptMs))} of them script, ${fmt(m((p) => p.jsBytes))} bytes of JavaScript loaded`;
    };
    console.log(
      `  the page's main thread up to drawn (its own CPU time, medians): ${fmt(STEPS)}: ${cpu(pages.long)}; ${fmt(SHORT_STEPS)}: ${cpu(pages.short)}`,
    );
    const machine = (runs: PageRun[]) =>
      [...new Set(runs.flatMap((r) => Object.keys(r.machineCpu)))]
        .map((k) => ({ k, v: median(runs.map((r) => r.machineCpu[k] ?? 0)) }))
        .filter(({ v }) => v > 0)
        .sort((a, b) => b.v - a.v)
        .map(({ k, v }) => `${k} ${ms(v)}`)
        .join(", ");
    console.log(
      `  the machine's CPU from navigation to drawn (medians, 10 ms ticks): ${fmt(STEPS)}: ${machine(pages.long)}; ${fmt(SHORT_STEPS)}: ${machine(pages.short)}`,
    );
    console.log(
      `exact smoothing over every logged point in place: ${all(
        pages.long.map((p) => p.smoothed),
        s,
      )} after navigation (target ≤ 3 s)`,
    );
    console.log(
      `series bytes the page fetched (${PAGE_RUNS} runs × 3 charts): ${fmt(median(pages.long.map((p) => p.seriesBytes)))} (1M), ${fmt(median(pages.short.map((p) => p.seriesBytes)))} (10k)`,
    );
    console.log(`API requests of the last 1M-step page view:\n  ${pages.long[pages.long.length - 1].requests.join("\n  ")}`);
    const js = pages.long[0].scripts;
    console.log(`compare page JavaScript: ${(js.reduce((a, b) => a + b, 0) / 1024).toFixed(0)} KB gzipped, ${js.length} scripts (target ≤ 350)`);

    const z = await zooms(browser, pageUrl(long, "cmp"));
    console.log(`\n== zoom on the ${fmt(STEPS)}-step page (load average ${loadAverage()})`);
    console.log(`drag released → every chart drawn at the new range: ${all(z.preview, ms)}; with the full detail: ${all(z.full, ms)} (target ≤ 500)`);
    console.log(`series requests per zoom (target: one round trip): ${z.reads.join(", ")}`);
  } finally {
    await browser.close();
  }
}
