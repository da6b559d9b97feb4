import http from "node:http";

/**
 * The benchmarks' writer client: a POST over node:http with a keep-alive agent (one connection per
 * training process, as the Python clients keep one). Lighter than fetch, whose web streams cost
 * the client about twice the CPU per request, taken from the cores the server needs.
 *
 * A kept-alive connection the server closes as idle can be reset just as a request goes out on
 * it ("other side closed", ECONNRESET on a reused socket): nothing was read, so the request is
 * sent once more on a fresh connection, as urllib3 does under the Python clients. Any other
 * failure, or a second reset, is the caller's error.
 */
export function keepAlivePost(
  agent: http.Agent,
  url: string,
  body: string | Buffer,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status: number; body: string }> {
  const send = (retried: boolean): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (c: Buffer) => parts.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
          res.on("error", reject);
        },
      );
      req.on("error", (err: NodeJS.ErrnoException) => {
        if (req.reusedSocket && err.code === "ECONNRESET" && !retried) {
          resends++;
          send(true).then(resolve, reject);
        } else reject(err);
      });
      req.end(body);
    });
  return send(false);
}

let resends = 0;
/** Requests sent again after a reset kept-alive connection, so far (a benchmark reports them, never hides them). */
export const keepAliveResends = () => resends;
