import "server-only";
import type { Sql } from "@/lib/db/sql";
import { appendSeries, writeSeries } from "@/lib/server/metrics/chunk-store";
import type { Writable } from "./series-buffer";

/**
 * Writes what an import's SeriesBuffer hands out. An append is sent and not awaited, so the
 * database stores it while the next batches are parsed; the next write waits for it (one statement
 * at a time on the connection), and a merge, which reads the stored chunks, too.
 */
export class ChunkWrites {
  private sent: Promise<void> = Promise.resolve();
  /** Each key's last values as appended: the stored smoothing's history for the next append. */
  private readonly tails = new Map<string, Float64Array>();

  constructor(
    private readonly tx: Sql,
    private readonly runId: string,
  ) {}

  async write({ appends, merges }: Writable): Promise<void> {
    if (appends.size) {
      await this.sent;
      this.sent = appendSeries(this.tx, this.runId, appends, this.tails);
      this.sent.catch(() => {}); // awaited by the next write or finish()
    }
    if (merges.size) {
      await this.sent;
      await writeSeries(this.tx, this.runId, merges);
      // A merge may have rewritten any key's last points: read their history again.
      for (const key of merges.keys()) this.tails.delete(key);
    }
  }

  /** Waits for the write in flight; throws if it failed. */
  async finish(): Promise<void> {
    await this.sent;
  }

  /** Waits until no write is in flight, failed or not: the transaction must not roll back under one. */
  async settle(): Promise<void> {
    await this.sent.catch(() => {});
  }
}
