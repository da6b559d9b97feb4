import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import * as tracking from "@/app/api/2.0/mlflow/[...path]/route";
import * as artifacts from "@/app/api/2.0/mlflow-artifacts/artifacts/[[...path]]/route";

type Handler = (request: Request, ctx: { params: Promise<{ path?: string[] }> }) => Promise<Response>;

/**
 * A real HTTP server in front of the MLflow route handlers (the path routing Next.js does, for
 * these two catch-all routes only), so third-party clients such as the npm `mlflow` package talk
 * to the same code over real sockets.
 */
export async function startMlflowServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const m = /^\/(?:ajax-)?api\/2\.0\/(mlflow|mlflow-artifacts\/artifacts)(?:\/(.*))?$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const routes = (m[1] === "mlflow" ? tracking : artifacts) as unknown as Record<string, Handler>;
    const handler = routes[req.method ?? "GET"];
    if (!handler) {
      res.writeHead(405).end();
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      ...(hasBody ? { duplex: "half" } : {}),
    });
    const path = (m[2] ?? "").split("/").filter(Boolean).map(decodeURIComponent);
    const response = await handler(request, { params: Promise.resolve({ path }) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
  // A handler that throws answers 500 (the client then fails on it) rather than leaving the request hanging.
  const server: Server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
