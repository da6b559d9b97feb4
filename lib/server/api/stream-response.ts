import "server-only";

/**
 * A 200 answer produced piece by piece, one piece per pull: a long read never becomes one string
 * or buffer (V8 caps strings at ~512 MB), and a slow client holds back the work, not memory.
 * An error after the first piece can only end the stream early: callers check what can fail first.
 */
export function streamResponse(pieces: AsyncIterable<string | Uint8Array>, contentType: string): Response {
  const encoder = new TextEncoder();
  const it = pieces[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
  return new Response(body, { headers: { "content-type": contentType } });
}
