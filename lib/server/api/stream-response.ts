import "server-only";

/**
 * Next gzips every answer whose length it doesn't know, and it drops a route's Content-Length, so
 * its 1 KiB threshold never applies: a 40-byte answer cost a gzip stream (~1 ms of CPU, the
 * largest single cost of a small metrics POST or a live chart's read of its new points).
 * `no-transform` keeps answers below it as they are.
 */
export const SMALL_ANSWER_BYTES = 1024;

/**
 * Pieces are gathered into writes of about this size: each write costs a syscall (and a gzip
 * flush), and through Next a trip through its web streams. The compare page's 824 KB series read
 * took 50 writes at 16 KiB; a plain Node server sends 824 KB to curl for 2.3 ms of CPU in 64 KiB
 * writes, 4.3 ms in 16 KiB ones.
 */
const WRITE_BYTES = 64 * 1024;

/**
 * A 200 answer produced piece by piece: a long read never becomes one string or buffer (V8 caps
 * strings at ~512 MB), and a slow client holds back the work, not memory. Pieces go out in writes
 * of about WRITE_BYTES. An answer that ends within SMALL_ANSWER_BYTES (a live chart's few new
 * points) is sent whole, ungzipped, with its length. An error before the answer is known to be
 * longer than that is thrown (an error response); after, it can only end the stream early:
 * callers check what can fail first.
 */
export async function streamResponse(pieces: AsyncIterable<string | Uint8Array>, contentType: string): Promise<Response> {
  const encoder = new TextEncoder();
  const it = pieces[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  for (;;) {
    const next = await it.next();
    if (next.done) {
      const whole = Buffer.concat(head);
      return new Response(whole, { headers: { "content-type": contentType, "content-length": String(whole.length), "cache-control": "no-transform" } });
    }
    const bytes = typeof next.value === "string" ? encoder.encode(next.value) : next.value;
    head.push(bytes);
    headBytes += bytes.length;
    if (headBytes >= SMALL_ANSWER_BYTES) break;
  }
  let pending = head;
  let pendingBytes = headBytes;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pendingBytes < WRITE_BYTES) {
        const next = await it.next();
        if (next.done) {
          if (pendingBytes) controller.enqueue(Buffer.concat(pending));
          controller.close();
          return;
        }
        const bytes = typeof next.value === "string" ? encoder.encode(next.value) : next.value;
        pending.push(bytes);
        pendingBytes += bytes.length;
      }
      controller.enqueue(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
  return new Response(body, { headers: { "content-type": contentType } });
}
