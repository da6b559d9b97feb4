// A second app instance, in its own process, for events.test.ts: its own database pool and LISTEN
// connection (DATABASE_URL), serving GET /api/v1/projects/{slug}/events through the real route.
// Prints one JSON line per event received: {event, id, data, at} (at: Date.now() on arrival);
// the stream's first event ("ready") says it is listening. Runs until killed.
import * as events from "@/app/api/v1/projects/[slug]/events/route";
import { SseParser } from "@/lib/events/sse-parser";

const slug = process.argv[2];
const res = await events.GET(new Request(`http://127.0.0.1:3000/api/v1/projects/${slug}/events`), { params: Promise.resolve({ slug }) });
if (res.status !== 200 || !res.body) {
  console.error(`events: ${res.status} ${await res.text()}`);
  process.exit(2);
}
const reader = res.body.getReader();
const decoder = new TextDecoder();
const parser = new SseParser();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  const at = Date.now();
  for (const { event, id, data } of parser.push(decoder.decode(value, { stream: true }))) {
    if (event) console.log(JSON.stringify({ event, id, data: data ? (JSON.parse(data) as unknown) : null, at }));
  }
}
