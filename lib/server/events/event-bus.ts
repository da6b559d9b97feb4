import "server-only";
import type { Database } from "@/lib/db/client";
import type { ProjectEvent } from "@/lib/events/event-types";
import { EVENTS_CHANNEL } from "./publish-event";
import { readEventById } from "./read-events";

/** What a subscriber gets: each event as it is committed, and a gap signal when the listener reconnected. */
export interface EventSink {
  push(event: ProjectEvent): void;
  gap(): void;
}

/** Every project's events, from any app instance, fanned out to this process's subscribers. */
export class EventBus {
  private readonly byProject = new Map<number, Set<EventSink>>();
  private readonly everything = new Set<EventSink>();

  constructor(private readonly db: Database) {}

  /** Subscribes to one project (or, with null, to every project); returns the unsubscribe function. */
  subscribe(projectId: number | null, sink: EventSink): () => void {
    let set = this.everything;
    if (projectId !== null) {
      set = this.byProject.get(projectId) ?? new Set();
      this.byProject.set(projectId, set);
    }
    set.add(sink);
    return () => {
      set.delete(sink);
      if (projectId !== null && set.size === 0 && this.byProject.get(projectId) === set) this.byProject.delete(projectId);
    };
  }

  /** Subscriber count, for the connection limit and tests. */
  get size(): number {
    let n = this.everything.size;
    for (const s of this.byProject.values()) n += s.size;
    return n;
  }

  onPayload(payload: string): void {
    let parsed: (ProjectEvent & { ref?: undefined }) | { id: string; projectId: number; ref: true };
    try {
      parsed = JSON.parse(payload) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.ref) {
      // Too large for NOTIFY: read it from the log.
      readEventById(this.db.sql, parsed.id).then(
        (event) => event && this.dispatch(event),
        (err: unknown) => console.error("[anneal] reading event", parsed.id, err),
      );
      return;
    }
    this.dispatch(parsed);
  }

  onGap(): void {
    for (const sink of this.sinks()) sink.gap();
  }

  private dispatch(event: ProjectEvent): void {
    for (const sink of [...(this.byProject.get(event.projectId) ?? []), ...this.everything]) {
      try {
        sink.push(event);
      } catch (err) {
        console.error("[anneal] event subscriber failed:", err);
      }
    }
  }

  private *sinks(): Iterable<EventSink> {
    yield* this.everything;
    for (const set of this.byProject.values()) yield* set;
  }
}

// On globalThis like the database itself: route bundles may each load this module, and one LISTEN
// connection per process is the point.
const global = globalThis as unknown as { annealEventBuses?: WeakMap<Database, Promise<EventBus>> };
const buses = (global.annealEventBuses ??= new WeakMap());

/** The process's bus for `db`, LISTENing from its first use. */
export function getEventBus(db: Database): Promise<EventBus> {
  let bus = buses.get(db);
  if (!bus) {
    const b = new EventBus(db);
    bus = db.listener.listen(EVENTS_CHANNEL, { onPayload: (p) => b.onPayload(p), onGap: () => b.onGap() }).then(() => b);
    bus.catch(() => buses.delete(db));
    buses.set(db, bus);
  }
  return bus;
}
