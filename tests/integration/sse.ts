/** Reads a Server-Sent Events response as a real client would, event by event. */
import { SseParser } from "@/lib/events/sse-parser";
import { isLiveEventType } from "@/lib/events/event-types";
import { streamedEventSchema } from "@/lib/schemas/events";

export interface SseEvent {
  id: string | null;
  event: string;
  data: any;
}

export class SseReader {
  private readonly parser = new SseParser();
  private readonly events: SseEvent[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private done = false;
  comments = 0;

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next event matching `pred` (earlier ones are consumed), or an error after `timeoutMs`. */
  async next(pred: (e: SseEvent) => boolean = () => true, timeoutMs = 5_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.events.findIndex(pred);
      if (i >= 0) return this.events.splice(0, i + 1)[i];
      this.events.length = 0;
      if (this.done) throw new Error("stream ended");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for an event");
      await this.pull(left);
    }
  }

  /** Everything that arrives within `ms`. */
  async drain(ms: number): Promise<SseEvent[]> {
    const deadline = Date.now() + ms;
    while (!this.done && Date.now() < deadline) await this.pull(deadline - Date.now()).catch(() => {});
    return this.events.splice(0);
  }

  async close() {
    await this.reader.cancel().catch(() => {});
  }

  private async pull(timeoutMs: number) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), timeoutMs)));
    try {
      const { done, value } = await Promise.race([this.reader.read(), timeout]);
      if (done) this.done = true;
      else this.parse(this.decoder.decode(value, { stream: true }));
    } finally {
      clearTimeout(timer);
    }
  }

  private parse(text: string) {
    for (const block of this.parser.push(text)) {
      this.comments += block.comments;
      if (block.data === null) continue;
      const event = block.event ?? "message";
      // Every live event the suite reads is checked against its type's schema (the browser's guards agree with it: lib/schemas/events.test.ts).
      if (isLiveEventType(event) && !streamedEventSchema(event).safeParse(JSON.parse(block.data)).success)
        throw new Error(`${event} does not match its schema: ${block.data}`);
      this.events.push({ id: block.id, event, data: JSON.parse(block.data) });
    }
  }
}
