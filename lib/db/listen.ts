import "server-only";
import type { PGlite } from "@electric-sql/pglite";

/** Receives NOTIFY payloads on one channel; `onGap` runs after a lost connection came back (notifications may have been missed). */
export interface Subscriber {
  onPayload(payload: string): void;
  onGap?(): void;
}

/** LISTEN for a database: one connection (or the embedded database itself) per process, shared by every subscriber. */
export interface Listener {
  listen(channel: string, subscriber: Subscriber): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Channel names are identifiers we choose; refuse anything else rather than quote it. */
function checkChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Invalid LISTEN channel '${channel}'`);
  return channel;
}

/** PGlite delivers NOTIFY to its own listeners, after commit, like a server does. */
export function pgliteListener(pglite: PGlite): Listener {
  const unlistens = new Set<() => Promise<void>>();
  return {
    async listen(channel, subscriber) {
      const unlisten = await pglite.listen(checkChannel(channel), (payload) => subscriber.onPayload(payload));
      unlistens.add(unlisten);
      return async () => {
        if (!unlistens.delete(unlisten)) return;
        await unlisten().catch(() => {});
      };
    },
    async close() {
      await Promise.all([...unlistens].map((u) => u().catch(() => {})));
      unlistens.clear();
    },
  };
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/**
 * PostgreSQL: a dedicated connection (a pooled one would be handed to other queries and lose its
 * LISTENs). When it drops, it reconnects with backoff, LISTENs again and tells every subscriber
 * that notifications may have been missed, so they can catch up from the events table.
 */
export function pgListener(connectionString: string): Listener {
  const channels = new Map<string, Set<Subscriber>>();
  let client: import("pg").Client | null = null;
  let connecting: Promise<import("pg").Client> | null = null;
  let closed = false;
  let delay = RECONNECT_MIN_MS;

  async function connect(): Promise<import("pg").Client> {
    const { Client } = await import("pg");
    const c = new Client({ connectionString, keepAlive: true });
    c.on("notification", (msg) => {
      for (const s of channels.get(msg.channel) ?? []) s.onPayload(msg.payload ?? "");
    });
    c.on("error", () => dropped(c));
    c.on("end", () => dropped(c));
    await c.connect();
    for (const channel of channels.keys()) await c.query(`LISTEN ${channel}`);
    return c;
  }

  function ensure(): Promise<import("pg").Client> {
    if (client) return Promise.resolve(client);
    connecting ??= connect().then(
      (c) => {
        client = c;
        connecting = null;
        delay = RECONNECT_MIN_MS;
        return c;
      },
      (err: unknown) => {
        connecting = null;
        throw err;
      },
    );
    return connecting;
  }

  function dropped(c: import("pg").Client) {
    if (client !== c) return;
    client = null;
    c.end().catch(() => {});
    if (closed || channels.size === 0) return;
    const retry = () => {
      if (closed) return;
      ensure().then(
        () => {
          for (const subs of channels.values()) for (const s of subs) s.onGap?.();
        },
        () => {
          delay = Math.min(RECONNECT_MAX_MS, delay * 2);
          setTimeout(retry, delay).unref();
        },
      );
    };
    setTimeout(retry, delay).unref();
  }

  return {
    async listen(channel, subscriber) {
      checkChannel(channel);
      let subs = channels.get(channel);
      const first = !subs;
      if (!subs) channels.set(channel, (subs = new Set()));
      subs.add(subscriber);
      const c = await ensure();
      if (first) await c.query(`LISTEN ${channel}`);
      return async () => {
        subs.delete(subscriber);
        if (subs.size || channels.get(channel) !== subs) return;
        channels.delete(channel);
        await client?.query(`UNLISTEN ${channel}`).catch(() => {});
      };
    },
    async close() {
      closed = true;
      channels.clear();
      const c = client ?? (await connecting?.catch(() => null));
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
