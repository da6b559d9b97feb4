import "server-only";
import type { Database } from "@/lib/db/client";
import type { ProjectEvent } from "@/lib/events/event-types";
import { ApiError } from "@/lib/server/api/errors";
import { getEventBus } from "./event-bus";
import { latestEventId, readEventsAfter } from "./read-events";

/** Events replayed on resume; a client further behind gets `reset` (reload everything) instead. */
export const MAX_REPLAY_EVENTS = 5_000;
/** Bytes queued for a client that doesn't read; past this the stream closes and the client resumes from the log. */
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
export const HEARTBEAT_MS = 15_000;
/** Reconnection delay the browser's EventSource uses after a drop. */
const RETRY_MS = 2_000;
/** Event ids remembered per stream, so a live event is not sent twice when a catch-up read also returned it. */
const REMEMBERED_IDS = 4_096;

const global = globalThis as unknown as { annealEventStreams?: { open: number } };
const streams = (global.annealEventStreams ??= { open: 0 });

/** Open event streams in this process (for the connection limit and tests). */
export function openStreamCount(): number {
  return streams.open;
}

export interface EventStreamOptions {
  projectId: number;
  /** Last-Event-ID: resume after this event. Absent: live events only, from now. */
  lastEventId: string | null;
  signal: AbortSignal;
  maxStreams: number;
  heartbeatMs?: number;
}

/**
 * A project's events as Server-Sent Events. Subscribes before reading the log, so nothing
 * committed in between is lost; a resumed stream replays what was missed (or says `reset` when
 * that is gone or too much); a reconnected database listener triggers the same catch-up.
 */
export async function openEventStream(db: Database, opts: EventStreamOptions): Promise<Response> {
  if (streams.open >= opts.maxStreams) {
    throw new ApiError("rate_limited", `This server already serves ${opts.maxStreams} live event streams; try again later`, [], { "retry-after": "5" });
  }
  const bus = await getEventBus(db);
  const encoder = new TextEncoder();
  const sent = new Set<string>();
  let cursor = "0";
  let backlog: ProjectEvent[] | null = [];
  let catchingUp = false;
  let closed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // let, not a const where the timer starts: close() may run before that, and would then read a
  // const in its temporal dead zone.
  // eslint-disable-next-line prefer-const
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const write = (text: string) => {
    if (closed) return;
    controller.enqueue(encoder.encode(text));
    // A client that stopped reading: drop it rather than buffer without bound; it resumes by id.
    if ((controller.desiredSize ?? 0) < 0) close();
  };
  const sendEvent = (event: ProjectEvent) => {
    if (sent.has(event.id)) return;
    sent.add(event.id);
    if (sent.size > REMEMBERED_IDS) sent.delete(sent.values().next().value!);
    if (BigInt(event.id) > BigInt(cursor)) cursor = event.id;
    const data = { ...event.data, actor: event.actor, at: event.at };
    write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const sendControl = (type: "ready" | "reset", data: object) => write(`id: ${cursor}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);

  /** Sends what the log holds after the cursor; `reset` when it is more than a client should replay. */
  const catchUp = async () => {
    if (catchingUp || closed) return;
    catchingUp = true;
    try {
      const events = await readEventsAfter(db.sql, { projectId: opts.projectId, afterId: cursor, limit: MAX_REPLAY_EVENTS + 1 });
      if (events.length > MAX_REPLAY_EVENTS) {
        cursor = await latestEventId(db.sql, opts.projectId);
        sendControl("reset", { reason: "too_far_behind" });
      } else events.forEach(sendEvent);
    } finally {
      catchingUp = false;
    }
  };

  const unsubscribe = bus.subscribe(opts.projectId, {
    push: (event) => (backlog ? backlog.push(event) : sendEvent(event)),
    gap: () => void catchUp().catch((err: unknown) => console.error("[anneal] event catch-up failed:", err)),
  });
  function close() {
    if (closed) return;
    closed = true;
    streams.open--;
    unsubscribe();
    clearInterval(heartbeat);
    opts.signal.removeEventListener("abort", close);
    try {
      controller.close();
    } catch {
      // already closed by the client
    }
  }
  streams.open++;
  opts.signal.addEventListener("abort", close);

  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel: close,
    },
    { highWaterMark: MAX_QUEUED_BYTES, size: (chunk) => chunk.byteLength },
  );

  try {
    write(`retry: ${RETRY_MS}\n\n`);
    const resumeFrom = opts.lastEventId && /^\d{1,18}$/.test(opts.lastEventId) ? opts.lastEventId : null;
    if (resumeFrom && (await isResumable(db, opts.projectId, resumeFrom))) {
      cursor = resumeFrom;
      await catchUp();
    } else {
      cursor = await latestEventId(db.sql, opts.projectId);
      // The client had a position we cannot resume from (pruned, or another project's): it reloads.
      if (opts.lastEventId) sendControl("reset", { reason: "unknown_last_event_id" });
    }
    const queued = backlog;
    backlog = null;
    // Committed while the log was read: sent unless the read already returned them.
    queued.forEach(sendEvent);
    sendControl("ready", { latestId: cursor });
  } catch (err) {
    close();
    throw err;
  }
  heartbeat = setInterval(() => write(`: keep-alive\n\n`), opts.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref?.();

  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps compression (Next's included) from buffering the stream; proxies shouldn't either.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    },
  });
}

/** Resuming is possible from an event of this project still in the log (0: from the beginning, when the log is short). */
async function isResumable(db: Database, projectId: number, id: string): Promise<boolean> {
  if (id === "0") return true;
  const rows = await db.sql.query(`SELECT 1 FROM project_events WHERE id = $1::bigint AND project_id = $2`, [id, projectId]);
  return rows.length > 0;
}
