/** One Server-Sent Events block: its `id:`, `event:` and `data:` lines (data lines joined by "\n"; null when absent) and how many comment lines it held. */
export interface SseBlock {
  id: string | null;
  event: string | null;
  data: string | null;
  comments: number;
}

/**
 * Splits a text/event-stream into blocks as its chunks arrive (a block may span chunks), for the
 * clients that read our streams without EventSource: the integration tests, the second-instance
 * test process and bench:live.
 */
export class SseParser {
  private buffer = "";

  /** The blocks completed by this chunk of text. */
  push(text: string): SseBlock[] {
    this.buffer += text;
    const blocks: SseBlock[] = [];
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) >= 0) {
      const lines = this.buffer.slice(0, end).split("\n");
      this.buffer = this.buffer.slice(end + 2);
      const block: SseBlock = { id: null, event: null, data: null, comments: 0 };
      const data: string[] = [];
      for (const line of lines) {
        if (line.startsWith(":")) block.comments++;
        else if (line.startsWith("id: ")) block.id = line.slice(4);
        else if (line.startsWith("event: ")) block.event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length) block.data = data.join("\n");
      blocks.push(block);
    }
    return blocks;
  }
}
