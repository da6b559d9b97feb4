/** Reads a Server-Sent Events response as a real client would, event by event. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: any;
}

export class SseReader {
  private buffer = "";
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
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | null = null;
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) this.comments++;
        else if (line.startsWith("id: ")) id = line.slice(4);
        else if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length) this.events.push({ id, event, data: JSON.parse(data.join("\n")) });
    }
  }
}
