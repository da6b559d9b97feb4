import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiFailure, apiFetch } from "./api-fetch";

// A real HTTP server answering like the API does: JSON, the error envelope, 204, a slow answer.
let base = "";
const server = http.createServer((req, res) => {
  const send = (status: number, body: string, type = "application/json") => res.writeHead(status, { "content-type": type }).end(body);
  if (req.url === "/ok") return send(200, JSON.stringify({ accept: req.headers.accept, n: 1 }));
  if (req.url === "/gone") return send(404, JSON.stringify({ error: { code: "not_found", message: "No run r1" } }));
  if (req.url === "/broken") return send(502, "<html>bad gateway</html>", "text/html");
  if (req.url === "/empty") return res.writeHead(204).end();
  if (req.url === "/garbled") return send(200, "{not json");
  if (req.url === "/slow") return void setTimeout(() => send(200, "{}"), 2000);
  send(500, "{}");
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe("apiFetch", () => {
  it("asks for JSON and returns the parsed body", async () => {
    expect(await apiFetch(`${base}/ok`)).toEqual({ accept: "application/json", n: 1 });
  });

  it("turns the error envelope into an ApiFailure with status, code and message", async () => {
    const err = await failure(apiFetch(`${base}/gone`));
    expect(err).toBeInstanceOf(ApiFailure);
    expect(err).toMatchObject({ status: 404, code: "not_found", message: "No run r1" });
  });

  it("names the HTTP status when the error is not an envelope", async () => {
    expect(await failure(apiFetch(`${base}/broken`))).toMatchObject({ status: 502, code: "http", message: "Request failed (HTTP 502)" });
  });

  it("answers undefined for 204 and a clear failure for an unreadable body", async () => {
    expect(await apiFetch(`${base}/empty`)).toBeUndefined();
    expect(await failure(apiFetch(`${base}/garbled`))).toMatchObject({ code: "bad_response", message: `Unreadable answer from ${base}/garbled` });
  });

  it("says the server is unreachable when nothing listens", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await failure(apiFetch(`http://127.0.0.1:${port}/ok`))).toMatchObject({ status: 0, code: "network" });
  });

  it("keeps an abort an abort, not a network failure", async () => {
    const controller = new AbortController();
    const pending = failure(apiFetch(`${base}/slow`, { signal: controller.signal }));
    controller.abort();
    const err = await pending;
    expect(err).not.toBeInstanceOf(ApiFailure);
    expect((err as Error).name).toBe("AbortError");
  });
});
