/** The one error the importers throw for bad input; the API maps it to 422 `unprocessable_file`. */
export class ImportError extends Error {
  readonly code = "unprocessable_file" as const;
  readonly file: string;
  readonly line?: number;
  readonly record?: number;
  readonly expected: string;
  /** When no format matched: every format tried and why it did not match. */
  readonly tried?: { format: string; confidence: number; reason?: string }[];

  constructor(opts: {
    file: string;
    line?: number;
    record?: number;
    expected: string;
    found?: string;
    tried?: { format: string; confidence: number; reason?: string }[];
  }) {
    const where = opts.line !== undefined ? `:${opts.line}` : opts.record !== undefined ? ` record ${opts.record}` : "";
    const found = opts.found ? `, found ${opts.found}` : "";
    super(`${opts.file}${where}: expected ${opts.expected}${found}`);
    this.name = "ImportError";
    this.file = opts.file;
    this.line = opts.line;
    this.record = opts.record;
    this.expected = opts.expected;
    this.tried = opts.tried;
  }
}

export function isImportError(e: unknown): e is ImportError {
  return e instanceof ImportError;
}

/** An input over one of the import limits (zip entries, decompressed bytes): the API answers 413 naming the limit. */
export class ImportLimitError extends Error {
  constructor(
    readonly file: string,
    readonly limit: string,
  ) {
    super(`${file}: over the import limit (${limit})`);
    this.name = "ImportLimitError";
  }
}
