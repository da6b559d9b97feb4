// `npm run bench:live` (after `npm run build`; real PostgreSQL; headless Chromium): how soon a
// team sees a training run's new points. BENCH_RUNS (20) runs each POST a metrics batch (with a
// batchId, as Anneal's Python client does) every BENCH_INTERVAL_MS (100) for BENCH_SECONDS (20):
// 200 POSTs/s asked. Per round it prints the POSTs/s achieved (a POST answered after its run's
// next one was due delays that run: the writers never pile up), the POST round trip, the server's
// and PostgreSQL's CPU per POST (Linux; a cost that holds on a loaded machine), and for every POST,
// from the moment it is sent:
//  - the project's metrics.appended event arriving on a Server-Sent Events stream (a Node client);
//  - the point drawn on the run page's chart in Chromium (BENCH_PAGES run pages open; the frame
//    after the chart's last x reached the POST's step);
//  - the point drawn on the compare page of all the runs (its loss chart, every run overlaid;
//    BENCH_COMPARE=0 leaves it out). Its lines are unsmoothed (`smooth=none`: every point drawn as
//    logged) unless BENCH_SMOOTH says otherwise: BENCH_SMOOTH=default opens the view's default
//    smoothing (EMA, continued from the events' points too), any other value is passed as `smooth=`.
// p50/p95 per round and the median over BENCH_REPS (3) rounds, with the load average; the target
// is ≤ 1 s p95 at the full 200 POSTs/s. BENCH_BREAKDOWN=1 also splits a run page's time per POST
// (event in the page → read of the new points → drawn) and lists its reads per route. A smoke run: BENCH_RUNS=3 BENCH_SECONDS=3 BENCH_REPS=1 BENCH_PAGES=1.
import fs from "node:fs";
import http from "node:http";
import { chromium, type Page } from "@playwright/test";
import { Client } from "pg";
import { keepAlivePost, keepAliveResends } from "./bench/post";
import { benchPort, databaseCpuMs, freshPgDatabase, loadAverage, median, startServer } from "./bench/server";
import { SseParser } from "@/lib/events/sse-parser";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const PAGES = Math.min(RUNS, Number(process.env.BENCH_PAGES ?? 2));
/** The compare page of all the runs open too (BENCH_COMPARE=0: not). */
const COMPARE = process.env.BENCH_COMPARE !== "0";
/** Also print where a run page's time goes: event reaching the page, its read of the new points, the draw. */
const BREAKDOWN = process.env.BENCH_BREAKDOWN === "1";
/** The compare page's smoothing: `smooth=` of its URL, or none given (the view's default) for "default". */
const SMOOTH = process.env.BENCH_SMOOTH ?? "none";
/** A file to write the compare page's CPU profile of the first round's POSTs to (open it in Chrome DevTools' Performance panel). */
const PROFILE = process.env.BENCH_PROFILE;
/** A file to write a Chromium trace of the first round's POSTs to (the compare page's tasks, layouts, paints: chrome://tracing or DevTools). */
const TRACE = process.env.BENCH_TRACE;
const KEY = "loss";
/** POSTs per second the runs ask for together. */
const TARGET_RATE = (RUNS * 1000) / INTERVAL_MS;
/** Waiting this long after the last POST for the last events and frames. */
const SETTLE_MS = 3_000;

/** Wall-clock ms (Date.now): the Node client and the browser read the same system clock. */
type Sent = Map<string, Map<number, number>>;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", origin: base },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The writers' client (scripts/bench/post.ts): one kept-alive connection per run, as a training process keeps its own. */
const agent = new http.Agent({ keepAlive: true, maxSockets: RUNS });
const post = (base: string, path: string, body: unknown) => keepAlivePost(agent, `${base}${path}`, JSON.stringify(body), { origin: base });

/**
 * The project's SSE stream, read as a client: when each run's metrics.appended reached each last
 * step. A stream the server or the network cuts is opened again with Last-Event-ID, as
 * EventSource does (the events missed meanwhile are replayed, and count late: as a browser would
 * see them); each cut is counted and reported (`drops`), never hidden.
 */
function listen(base: string, slug: string, signal: AbortSignal, onAppended: (runId: string, lastStep: number, at: number) => void) {
  const drops: string[] = [];
  let lastId: string | null = null;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const read = async () => {
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (lastId !== null) headers["last-event-id"] = lastId;
    const res = await fetch(`${base}/api/v1/projects/${slug}/events`, { headers, signal });
    if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error("the server ended the stream");
      const at = Date.now();
      for (const { event: type, data, id } of parser.push(decoder.decode(value, { stream: true }))) {
        if (id) lastId = id;
        if (type === "ready") ready();
        if (type === "metrics.appended" && data) {
          const d = JSON.parse(data) as { runId: string; lastStep: number | null };
          if (d.lastStep !== null) onAppended(d.runId, d.lastStep, at);
        }
      }
    }
  };
  const done = (async () => {
    while (!signal.aborted) {
      try {
        await read();
      } catch (err) {
        if (signal.aborted) return;
        drops.push(String((err as Error).cause ?? err));
        console.error(`event stream cut (${drops.length}), reconnecting with Last-Event-ID ${lastId}:`, err);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  return { drops, done, ready: Promise.race([isReady, new Promise((r) => setTimeout(r, 2_000))]) };
}

/**
 * Where a run page's time goes (BENCH_BREAKDOWN=1): installed before the page's scripts run, it
 * records when each metrics.appended event reaches the page's EventSource, and every read of the
 * run's metrics (start and end, from the browser's resource timing).
 */
function recordPageTimings(): void {
  const w = window as unknown as { __events: [string, number, number][]; __reads: [string, number, number][] };
  w.__events = [];
  w.__reads = [];
  const Source = window.EventSource;
  window.EventSource = class extends Source {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener("metrics.appended", (e) => {
        const d = JSON.parse((e as MessageEvent<string>).data) as { runId: string; lastStep: number | null };
        if (d.lastStep !== null) w.__events.push([d.runId, d.lastStep, Date.now()]);
      });
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceResourceTiming[])
      if (e.name.includes("/api/")) w.__reads.push([e.name, performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd]);
  }).observe({ type: "resource", buffered: true });
}

/** Installed in the compare page: every API read it makes (URL, start, end, bytes received), from the browser's resource timing. */
function recordReads(): void {
  const w = window as unknown as { __apiReads: [string, number, number, number][] };
  w.__apiReads = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceResourceTiming[])
      if (e.name.includes("/api/"))
        w.__apiReads.push([e.name, performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd, e.encodedBodySize]);
  }).observe({ type: "resource", buffered: true });
}

/** Records, in the page, when the run's chart first drew each last x (at the next animation frame). */
async function watchChart(page: Page): Promise<void> {
  await page.evaluate((key) => {
    const w = window as unknown as { __drawn: [number, number][] };
    w.__drawn = [];
    const el = document.querySelector(`[data-testid="metric-chart"][data-key="${key}"]`)!;
    new MutationObserver(() => {
      const x = Number(el.getAttribute("data-last-x"));
      requestAnimationFrame(() => w.__drawn.push([x, Date.now()]));
    }).observe(el, { attributes: true, attributeFilter: ["data-last-x"] });
  }, KEY);
}

/**
 * Records, in the compare page, when its KEY chart first drew each run's last x (at the next
 * animation frame), and counts the charts' updates: every chart writes data-drawn after each
 * Chart.js update (app/_components/charts/use-line-chart.ts).
 */
async function watchCompare(page: Page): Promise<void> {
  await page.evaluate((key) => {
    const w = window as unknown as { __drawnRuns: [string, number, number][]; __updates: number };
    w.__drawnRuns = [];
    w.__updates = 0;
    new MutationObserver((records) => (w.__updates += records.length)).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ["data-drawn"],
    });
    const el = document.querySelector(`[data-testid="compare-chart-${key}"]`)!.closest("[data-last-x]")!;
    const last = new Map<string, number>();
    new MutationObserver(() => {
      const changed: [string, number][] = [];
      for (const entry of (el.getAttribute("data-last-x") ?? "").split(" ")) {
        const at = entry.lastIndexOf(":");
        const [run, x] = [entry.slice(0, at), Number(entry.slice(at + 1))];
        if (last.get(run) !== x) changed.push([run, x]);
        last.set(run, x);
      }
      requestAnimationFrame(() => {
        const now = Date.now();
        for (const [run, x] of changed) w.__drawnRuns.push([run, x, now]);
      });
    }).observe(el, { attributes: true, attributeFilter: ["data-last-x"] });
  }, KEY);
}

/** For each POST (run, step, sent at): the first time at or after it that `seen` reached that step. */
function latencies(sent: Sent, seen: Map<string, [number, number][]>, runs?: Set<string>): { ms: number[]; missed: number } {
  const ms: number[] = [];
  let missed = 0;
  for (const [runId, steps] of sent) {
    if (runs && !runs.has(runId)) continue;
    const marks = (seen.get(runId) ?? []).sort((a, b) => a[1] - b[1]);
    for (const [step, at] of steps) {
      const hit = marks.find(([s, t]) => s >= step && t >= at);
      if (hit) ms.push(hit[1] - at);
      else missed++;
    }
  }
  return { ms, missed };
}

/** The compare page's GET /api/v1/series reads made since `since`: of whole series, or of new points only (with `from` past a zoom's). */
function seriesReads(reads: [string, number, number, number][], since: number) {
  const out = { whole: { n: 0, bytes: 0 }, range: { n: 0, bytes: 0 }, p50: NaN };
  const ms: number[] = [];
  for (const [url, start, end, bytes] of reads) {
    const u = new URL(url);
    if (u.pathname !== "/api/v1/series" || start < since) continue;
    const part = u.searchParams.has("from") ? out.range : out.whole;
    part.n++;
    part.bytes += bytes;
    ms.push(end - start);
  }
  out.p50 = percentile(ms, 50);
  return out;
}

/** CPU ms so far: the server's processes and the benchmark database's PostgreSQL backends. */
type CpuClock = () => Promise<{ server: number; postgres: number }>;

async function round(base: string, page: (i: number) => Page, rep: number, cpu: CpuClock) {
  // The first run creates the project.
  const slug = `live-${rep}-${Date.now().toString(36)}`;
  const runs: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { id } = await api<{ id: string }>(base, "POST", "/api/v1/runs", { project: slug, name: `live-${i}`, config: { optimizer: "AdamW", lr: 1e-3 } });
    await api(base, "POST", `/api/v1/runs/${id}/metrics`, { step: [0], values: { [KEY]: [2], lr: [1e-3] } });
    runs.push(id);
  }
  // The watched run pages, open and live before the first POST.
  const watched = new Set(runs.slice(0, PAGES));
  for (let i = 0; i < PAGES; i++) {
    const p = page(i);
    await p.goto(`${base}/projects/${slug}/runs/${runs[i]}`);
    await p.locator('[data-testid="live"][data-connected="true"]').waitFor({ state: "attached" });
    await p.locator(`[data-testid="metric-chart"][data-key="${KEY}"][data-last-x="0"]`).waitFor({ state: "attached" });
    await watchChart(p);
  }
  // The compare page of every run, drawn with each run's first point, then live.
  const compare = page(PAGES);
  if (COMPARE) {
    await compare.goto(`${base}/projects/${slug}/compare?runs=${runs.join(",")}${SMOOTH === "default" ? "" : `&smooth=${encodeURIComponent(SMOOTH)}`}`);
    await compare.locator('[data-testid="live"][data-connected="true"]').waitFor({ state: "attached" });
    await compare.waitForFunction(
      ([key, n]) =>
        document.querySelector(`[data-testid="compare-chart-${key}"]`)?.closest("[data-last-x]")?.getAttribute("data-last-x")?.split(" ").length === n,
      [KEY, RUNS] as const,
      { timeout: 60_000 },
    );
    await watchCompare(compare);
  }
  const abort = new AbortController();
  const events = new Map<string, [number, number][]>();
  const stream = listen(base, slug, abort.signal, (runId, step, at) => events.set(runId, [...(events.get(runId) ?? []), [step, at]]));
  await stream.ready;
  const resendsBefore = keepAliveResends();

  // Every run logs on its own 100 ms clock, staggered; a POST not answered in time is not doubled up.
  const sent: Sent = new Map(runs.map((id) => [id, new Map<number, number>()]));
  const errors: string[] = [];
  const roundTrips: number[] = [];
  let late = 0;
  const cdp = COMPARE ? await compare.context().newCDPSession(compare) : null;
  await cdp?.send("Performance.enable");
  const mainThread = async () => {
    const m = new Map((await cdp!.send("Performance.getMetrics")).metrics.map((x) => [x.name, x.value]));
    return {
      task: m.get("TaskDuration") ?? 0,
      script: m.get("ScriptDuration") ?? 0,
      layout: (m.get("LayoutDuration") ?? 0) + (m.get("RecalcStyleDuration") ?? 0),
    };
  };
  const threadBefore = cdp ? await mainThread() : null;
  const profiling = cdp && PROFILE && rep === 0;
  const tracing = COMPARE && TRACE && rep === 0;
  if (tracing) await browser.startTracing(compare, { path: TRACE, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
  if (profiling) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.start");
  }
  const updatesBefore = COMPARE ? await compare.evaluate(() => (window as unknown as { __updates: number }).__updates) : 0;
  const cpuBefore = await cpu();
  const started = Date.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    runs.map(async (id, r) => {
      await new Promise((res) => setTimeout(res, (INTERVAL_MS * r) / RUNS));
      for (let step = 1; Date.now() < end; step++) {
        const at = Date.now();
        const next = at + INTERVAL_MS;
        sent.get(id)!.set(step, at);
        // A fresh batchId per batch, as Anneal's Python client sends (a retry is never counted twice).
        const res = await post(base, `/api/v1/runs/${id}/metrics`, {
          batchId: `${id}-${step}`,
          step: [step],
          values: { [KEY]: [2 / (1 + step / 50)], lr: [1e-3] },
        });
        roundTrips.push(Date.now() - at);
        if (res.status !== 200) errors.push(`${res.status} ${res.body}`);
        if (Date.now() > next) late++;
        await new Promise((res) => setTimeout(res, Math.max(0, next - Date.now())));
      }
    }),
  );
  const cpuAfter = await cpu();
  const wall = (Date.now() - started) / 1000;
  const threadAfter = cdp ? await mainThread() : null;
  if (profiling) fs.writeFileSync(PROFILE, JSON.stringify((await cdp.send("Profiler.stop")).profile));
  if (tracing) await browser.stopTracing();
  const updates = COMPARE ? (await compare.evaluate(() => (window as unknown as { __updates: number }).__updates)) - updatesBefore : 0;
  // The compare page's main thread, per second of the POSTs: seconds busy (CDP's TaskDuration), of which script and style/layout.
  const comparePage =
    threadBefore && threadAfter
      ? {
          task: (threadAfter.task - threadBefore.task) / wall,
          script: (threadAfter.script - threadBefore.script) / wall,
          layout: (threadAfter.layout - threadBefore.layout) / wall,
          updates: updates / wall,
        }
      : null;
  await cdp?.detach();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  abort.abort();
  await stream.done;

  const drawn = new Map<string, [number, number][]>();
  for (let i = 0; i < PAGES; i++) drawn.set(runs[i], await page(i).evaluate(() => (window as unknown as { __drawn: [number, number][] }).__drawn));
  const breakdown = BREAKDOWN
    ? await pageBreakdown(
        runs.slice(0, PAGES).map((id, i) => [id, page(i)] as const),
        sent,
        drawn,
      )
    : null;
  const compared = new Map<string, [number, number][]>();
  const apiReads = COMPARE ? await compare.evaluate(() => (window as unknown as { __apiReads: [string, number, number, number][] }).__apiReads) : [];
  const compareReads = COMPARE ? seriesReads(apiReads, started) : null;
  if (COMPARE)
    for (const [run, x, at] of await compare.evaluate(() => (window as unknown as { __drawnRuns: [string, number, number][] }).__drawnRuns))
      compared.set(run, [...(compared.get(run) ?? []), [x, at]]);
  const compareSplit = COMPARE && BREAKDOWN ? await compareBreakdown(compare, sent, compared, apiReads, started) : null;
  const posts = [...sent.values()].reduce((n, m) => n + m.size, 0);
  const cpuMs = { server: (cpuAfter.server - cpuBefore.server) / posts, postgres: (cpuAfter.postgres - cpuBefore.postgres) / posts };
  return {
    posts,
    errors,
    late,
    resends: keepAliveResends() - resendsBefore,
    streamDrops: stream.drops,
    roundTrips,
    cpuMs,
    sse: latencies(sent, events),
    chart: latencies(sent, drawn, watched),
    compare: COMPARE ? latencies(sent, compared) : null,
    compareReads,
    comparePage,
    compareSplit,
    breakdown,
  };
}

type Parts = { event: number[]; wait: number[]; read: number[]; draw: number[] };

/**
 * Splits one run's POSTs' time to a chart: sent → event in the page → the first read of new
 * points (`reads`: start, end) starting after it → that read answered → drawn (`marks`: step, at).
 */
function split(parts: Parts, sent: Map<number, number>, events: [number, number][], reads: [number, number][], marks: [number, number][]): void {
  marks.sort((a, b) => a[1] - b[1]);
  for (const [step, at] of sent) {
    const ev = events.find(([s, t]) => s >= step && t >= at);
    const shown = marks.find(([s, t]) => s >= step && t >= at);
    if (!ev || !shown) continue;
    const read = reads.find(([start]) => start >= ev[1]);
    parts.event.push(ev[1] - at);
    if (!read || read[1] > shown[1]) continue;
    parts.wait.push(read[0] - ev[1]);
    parts.read.push(read[1] - read[0]);
    parts.draw.push(shown[1] - read[1]);
  }
}

const newParts = (): Parts => ({ event: [], wait: [], read: [], draw: [] });

/** The events each run's metrics.appended reached a page at (BENCH_BREAKDOWN=1's recordPageTimings). */
async function pageEvents(p: Page): Promise<Map<string, [number, number][]>> {
  const byRun = new Map<string, [number, number][]>();
  for (const [runId, step, at] of await p.evaluate(() => (window as unknown as { __events: [string, number, number][] }).__events))
    byRun.set(runId, [...(byRun.get(runId) ?? []), [step, at]]);
  return byRun;
}

/**
 * Splits each watched POST's time to the chart: sent → event in the page → the first read of the
 * KEY chart's new points starting after it → that read answered → drawn; and the reads per second.
 */
async function pageBreakdown(pages: (readonly [string, Page])[], sent: Sent, drawn: Map<string, [number, number][]>) {
  const parts = newParts();
  let reads = 0;
  for (const [runId, p] of pages) {
    const all = await p.evaluate(() => (window as unknown as { __reads: [string, number, number][] }).__reads);
    const mine = all.filter(([url]) => new URL(url).searchParams.get("keys")?.split(",").includes(KEY) && new URL(url).searchParams.has("from"));
    reads += mine.length;
    split(
      parts,
      sent.get(runId) ?? new Map<number, number>(),
      (await pageEvents(p)).get(runId) ?? [],
      mine.map(([, start, end]) => [start, end]),
      drawn.get(runId) ?? [],
    );
  }
  const byRoute = new Map<string, number[]>();
  for (const [, p] of pages)
    for (const [url, start, end] of await p.evaluate(() => (window as unknown as { __reads: [string, number, number][] }).__reads)) {
      const u = new URL(url);
      const route =
        u.pathname.replace(/\/runs\/[^/]+/, "/runs/{id}").replace(/\/projects\/[^/]+/, "/projects/{slug}") + (u.searchParams.has("from") ? "?from" : "");
      byRoute.set(route, [...(byRoute.get(route) ?? []), end - start]);
    }
  for (const [route, ms] of byRoute)
    console.log(`    ${route}: ${ms.length} reads, p50 ${percentile(ms, 50).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
  return { parts, readsPerSecondPerPage: reads / pages.length / SECONDS };
}

/**
 * The same split for the compare page (every run's POSTs; its reads are the series reads of new
 * points, whichever runs each asks for), with its updates and main-thread time per second.
 */
async function compareBreakdown(p: Page, sent: Sent, compared: Map<string, [number, number][]>, reads: [string, number, number, number][], since: number) {
  const parts = newParts();
  const events = await pageEvents(p);
  for (const [runId, steps] of sent) {
    const mine = reads
      .filter(([url, start]) => {
        const u = new URL(url);
        return start >= since && u.pathname === "/api/v1/series" && u.searchParams.has("from") && u.searchParams.get("runs")?.split(",").includes(runId);
      })
      .map(([, start, end]) => [start, end] as [number, number]);
    split(parts, steps, events.get(runId) ?? [], mine, compared.get(runId) ?? []);
  }
  return parts;
}

const pg = await freshPgDatabase("live");
const server = await startServer({ port: benchPort(3305), databaseUrl: pg.url });
const browser = await chromium.launch({
  executablePath: fs.existsSync(chromium.executablePath()) ? undefined : "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const admin = new Client({ connectionString: pg.url });
await admin.connect();
try {
  // A browser context per page, as each teammate has their own browser: over HTTP/1.1 a browser
  // opens at most 6 connections to a host, and every open page's event stream holds one of them.
  const pages = await Promise.all(
    Array.from({ length: PAGES + 1 }, async (_, i) => {
      const p = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
      if (BREAKDOWN) await p.addInitScript(recordPageTimings);
      if (i === PAGES) await p.addInitScript(recordReads);
      return p;
    }),
  );
  console.log(
    `bench:live — ${RUNS} runs POSTing one point every ${INTERVAL_MS} ms for ${SECONDS} s, ${PAGES} run page(s)${COMPARE ? ` and the compare page of the ${RUNS} runs (smoothing: ${SMOOTH})` : ""} open in Chromium, PostgreSQL; ${REPS} round(s)`,
  );
  const rates: number[] = [];
  const cpuPerPost = { server: [] as number[], postgres: [] as number[] };
  const p95 = { sse: [] as number[], chart: [] as number[], compare: [] as number[] };
  const p50 = { sse: [] as number[], chart: [] as number[], compare: [] as number[] };
  const compareThread: number[] = [];
  const compareUpdates: number[] = [];
  const compareRangeReads: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const r = await round(
      server.url,
      (i) => pages[i],
      rep,
      async () => ({ server: server.cpuMs(), postgres: await databaseCpuMs(admin) }),
    );
    const line = (what: string, l: { ms: number[]; missed: number }) =>
      `${what}: p50 ${percentile(l.ms, 50).toFixed(0)} ms, p95 ${percentile(l.ms, 95).toFixed(0)} ms, max ${Math.max(...l.ms).toFixed(0)} ms (${l.ms.length} points${l.missed ? `, ${l.missed} never seen` : ""})`;
    const rate = r.posts / SECONDS;
    console.log(
      `\nround ${rep + 1}: ${r.posts} POSTs = ${rate.toFixed(0)}/s of the ${TARGET_RATE}/s asked (${((100 * rate) / TARGET_RATE).toFixed(0)}%), ` +
        `${r.late} answered after their run's next POST was due${r.errors.length ? `, ${r.errors.length} failed: ${r.errors[0]}` : ""}`,
    );
    console.log(
      `  CPU per POST          server ${r.cpuMs.server.toFixed(2)} ms, PostgreSQL ${r.cpuMs.postgres.toFixed(2)} ms (the pages' reads included; holds under load, unlike the latencies)`,
    );
    if (r.resends || r.streamDrops.length)
      console.log(
        `  connections           ${r.resends} POST(s) resent after a reset kept-alive connection; event stream cut ${r.streamDrops.length} time(s)${r.streamDrops.length ? ` (${r.streamDrops[0]}), reopened with Last-Event-ID` : ""}`,
      );
    console.log(`  POST answered         p50 ${percentile(r.roundTrips, 50).toFixed(0)} ms, p95 ${percentile(r.roundTrips, 95).toFixed(0)} ms`);
    console.log(`  POST → SSE event       ${line("", r.sse)}`);
    console.log(`  POST → chart drawn     ${line("", r.chart)}`);
    if (r.compare) console.log(`  POST → compare drawn   ${line("", r.compare)}`);
    const pp = (v: number[]) => `p50 ${percentile(v, 50).toFixed(0)} / p95 ${percentile(v, 95).toFixed(0)} ms`;
    const parts = (b: Parts) =>
      `sent → event in page ${pp(b.event)}; → read of new points starts ${pp(b.wait)}; read ${pp(b.read)}; answered → drawn ${pp(b.draw)}`;
    if (r.breakdown)
      console.log(`  run page breakdown    ${parts(r.breakdown.parts)}; ${r.breakdown.readsPerSecondPerPage.toFixed(1)} ${KEY} reads/s per page`);
    if (r.compareSplit) console.log(`  compare breakdown     ${parts(r.compareSplit)} (${r.compareSplit.draw.length} of the POSTs drawn after a read)`);
    if (r.comparePage) {
      const c = r.comparePage;
      console.log(
        `  compare page's main thread  busy ${(1000 * c.task).toFixed(0)} ms/s (script ${(1000 * c.script).toFixed(0)}, style+layout ${(1000 * c.layout).toFixed(0)}); ${c.updates.toFixed(1)} chart updates/s (CDP Performance.getMetrics: holds better under load than the latencies)`,
      );
      compareThread.push(c.task);
      compareUpdates.push(c.updates);
    }
    if (r.compareReads) {
      const c = r.compareReads;
      compareRangeReads.push(c.range.n / SECONDS);
      console.log(
        `  compare page's series reads  ${c.whole.n} of whole series (${(c.whole.bytes / 1024).toFixed(0)} kB), ${c.range.n} of new points only (${(c.range.bytes / 1024).toFixed(0)} kB); read p50 ${c.p50.toFixed(0)} ms (load-independent: what the page asks the server for)`,
      );
    }
    console.log(`  load average ${loadAverage()}`);
    rates.push(rate);
    cpuPerPost.server.push(r.cpuMs.server);
    cpuPerPost.postgres.push(r.cpuMs.postgres);
    p50.sse.push(percentile(r.sse.ms, 50));
    p95.sse.push(percentile(r.sse.ms, 95));
    p50.chart.push(percentile(r.chart.ms, 50));
    p95.chart.push(percentile(r.chart.ms, 95));
    if (r.compare) {
      p50.compare.push(percentile(r.compare.ms, 50));
      p95.compare.push(percentile(r.compare.ms, 95));
    }
  }
  const verdict = (ms: number) => (ms <= 1000 ? "≤ 1 s: met" : "> 1 s: NOT met");
  console.log(`\n== median of ${REPS} round(s) (load average ${loadAverage()})`);
  console.log(`POSTs:              ${median(rates).toFixed(0)}/s of the ${TARGET_RATE}/s asked (${((100 * median(rates)) / TARGET_RATE).toFixed(0)}%)`);
  console.log(`CPU per POST:       server ${median(cpuPerPost.server).toFixed(2)} ms, PostgreSQL ${median(cpuPerPost.postgres).toFixed(2)} ms`);
  console.log(`POST → SSE event:   p50 ${median(p50.sse).toFixed(0)} ms, p95 ${median(p95.sse).toFixed(0)} ms (${verdict(median(p95.sse))})`);
  console.log(`POST → chart drawn: p50 ${median(p50.chart).toFixed(0)} ms, p95 ${median(p95.chart).toFixed(0)} ms (${verdict(median(p95.chart))}) — run pages`);
  if (COMPARE) {
    console.log(
      `POST → compare drawn: p50 ${median(p50.compare).toFixed(0)} ms, p95 ${median(p95.compare).toFixed(0)} ms (${verdict(median(p95.compare))}) — the compare page of the ${RUNS} runs`,
    );
    console.log(
      `compare page:       main thread busy ${(1000 * median(compareThread)).toFixed(0)} ms/s, ${median(compareUpdates).toFixed(1)} chart updates/s, ${median(compareRangeReads).toFixed(1)} reads of new points/s`,
    );
  }
} finally {
  await browser.close();
  agent.destroy();
  await admin.end();
  // Every server process gone first: its background workers must not meet a dropped database.
  await server.stop();
  await pg.drop();
}
