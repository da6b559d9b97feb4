/**
 * Reads the top-level `name = <literal>` assignments of a Python config dump (MMCV/MMEngine
 * `Config.pretty_text`): dict(...), {...}, [...], (...), numbers, strings, True/False/None.
 * Anything else (a lambda, an expression) ends that assignment; it is skipped, not an error.
 */
export function parsePythonAssignments(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const re = /^([A-Za-z_]\w*)\s*=\s*/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const p = new LiteralParser(text, re.lastIndex);
    try {
      out[m[1]] = p.value();
      re.lastIndex = p.pos;
    } catch {
      // not a literal: leave it out
    }
  }
  return out;
}

class LiteralParser {
  constructor(
    private readonly s: string,
    public pos: number,
  ) {}

  value(): unknown {
    this.ws();
    const c = this.s[this.pos];
    if (c === "'" || c === '"') return this.str();
    if (c === "[") return this.seq("]");
    if (c === "(") return this.seq(")");
    if (c === "{") return this.braces();
    if (/[-+.\d]/.test(c ?? "")) return this.num();
    const id = /^[A-Za-z_][\w.]*/.exec(this.s.slice(this.pos, this.pos + 200));
    if (!id) throw new SyntaxError("literal expected");
    this.pos += id[0].length;
    if (id[0] === "True") return true;
    if (id[0] === "False") return false;
    if (id[0] === "None") return null;
    if (id[0] === "dict" && this.s[this.pos] === "(") return this.kwargs();
    if (this.s[this.pos] === "(") throw new SyntaxError("call");
    return id[0];
  }

  private ws(): void {
    const re = /(?:\s|#[^\n]*)*/y;
    re.lastIndex = this.pos;
    re.exec(this.s);
    this.pos = re.lastIndex;
  }

  private expect(ch: string): void {
    this.ws();
    if (this.s[this.pos] !== ch) throw new SyntaxError(`${ch} expected`);
    this.pos++;
  }

  /** Tries to consume `ch` (after whitespace). */
  private eat(ch: string): boolean {
    this.ws();
    if (this.s[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  private str(): string {
    const q = this.s[this.pos];
    let out = "";
    for (this.pos++; this.pos < this.s.length; this.pos++) {
      const c = this.s[this.pos];
      if (c === "\\") out += this.s[++this.pos] ?? "";
      else if (c === q) {
        this.pos++;
        return out;
      } else out += c;
    }
    throw new SyntaxError("unterminated string");
  }

  private num(): number {
    const m = /[-+]?(?:\d[\d_]*\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.s);
    if (!r) throw new SyntaxError("number expected");
    this.pos = m.lastIndex;
    return Number(r[0].replace(/_/g, ""));
  }

  /** Comma-separated items up to `close` (a trailing comma allowed), the opening bracket at pos. */
  private items(close: string, item: () => void): void {
    this.pos++;
    while (!this.eat(close)) {
      item();
      if (!this.eat(",")) {
        this.expect(close);
        return;
      }
    }
  }

  private seq(close: string): unknown[] {
    const out: unknown[] = [];
    this.items(close, () => out.push(this.value()));
    return out;
  }

  private braces(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.items("}", () => {
      const k = this.value();
      this.expect(":");
      out[String(k)] = this.value();
    });
    return out;
  }

  private kwargs(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.items(")", () => {
      this.ws();
      const id = /[A-Za-z_]\w*/y;
      id.lastIndex = this.pos;
      const m = id.exec(this.s);
      if (!m) throw new SyntaxError("keyword expected");
      this.pos = id.lastIndex;
      this.expect("=");
      out[m[0]] = this.value();
    });
    return out;
  }
}
