import type { Cell, PointBatch } from "./types";

export const BATCH_STEPS = 10_000;

/**
 * Collects points into columnar batches. Points at a step already in the current batch merge
 * into that row (a later value for the same key wins), so sparse rows (Lightning, train and val
 * lines at one step) become one row; across batches the server keeps the last value.
 * A later value that replaces a *different* one is counted per key (`collapsed` on the batch), and
 * a step going back below an earlier batch's is counted (`regressions`): an import never drops
 * values silently.
 */
export class BatchBuilder {
  private steps: number[] = [];
  /** Step → row, built only once a step arrives out of order (most logs only ever increase). */
  private rowOf: Map<number, number> | undefined;
  private maxStep = -1;
  /** Largest step of the batches already taken. */
  private takenMaxStep = -1;
  private collapsed: Record<string, number> | undefined;
  private regressions = 0;
  /** True when the last `row()` returned a row that existed already (another line's step). */
  revisited = false;
  private epochs: Cell[] | undefined;
  private times: Cell[] | undefined;
  private columns = new Map<string, Cell[]>();
  private columnList: Cell[][] = [];
  /** Every key that received a value, in first-seen order. */
  readonly keys = new Set<string>();

  constructor(private readonly maxSteps: number = BATCH_STEPS) {}

  get size(): number {
    return this.steps.length;
  }

  get full(): boolean {
    return this.steps.length >= this.maxSteps;
  }

  /** The row for `step` (a non-negative integer the caller validated), created if new. */
  row(step: number): number {
    this.revisited = false;
    if (step <= this.maxStep) {
      if (this.rowOf === undefined) this.rowOf = new Map(this.steps.map((s, i) => [s, i]));
      const existing = this.rowOf.get(step);
      if (existing !== undefined) {
        this.revisited = true;
        return existing;
      }
    } else this.maxStep = step;
    if (step <= this.takenMaxStep) this.regressions++;
    const r = this.steps.length;
    this.steps.push(step);
    this.rowOf?.set(step, r);
    for (const col of this.columnList) col.push(null);
    this.epochs?.push(null);
    this.times?.push(null);
    return r;
  }

  set(row: number, key: string, value: number): void {
    const col = this.columns.get(key) ?? this.column(key);
    const before = col[row];
    if (before !== null && !Object.is(before, value)) {
      this.collapsed ??= {};
      this.collapsed[key] = (this.collapsed[key] ?? 0) + 1;
    }
    col[row] = value;
  }

  /**
   * The current batch's array for `key` (created, all null, if new), for callers that write many
   * values of one key: valid until the next `take()`.
   */
  column(key: string): Cell[] {
    let col = this.columns.get(key);
    if (col === undefined) {
      col = new Array<Cell>(this.steps.length).fill(null);
      this.columns.set(key, col);
      this.columnList.push(col);
      this.keys.add(key);
    }
    return col;
  }

  setEpoch(row: number, epoch: number): void {
    this.epochs ??= new Array<Cell>(this.steps.length).fill(null);
    this.epochs[row] = epoch;
  }

  setTime(row: number, time: number): void {
    this.times ??= new Array<Cell>(this.steps.length).fill(null);
    this.times[row] = time;
  }

  /** Returns the current batch (undefined when empty) and starts a new one. */
  take(): PointBatch | undefined {
    if (this.steps.length === 0) return undefined;
    const batch: PointBatch = { step: this.steps, values: {} };
    for (const [key, col] of this.columns) batch.values[key] = col;
    if (this.epochs) batch.epoch = this.epochs;
    if (this.times) batch.time = this.times;
    if (this.collapsed) batch.collapsed = this.collapsed;
    if (this.regressions) batch.regressions = this.regressions;
    this.takenMaxStep = Math.max(this.takenMaxStep, this.maxStep);
    this.collapsed = undefined;
    this.regressions = 0;
    this.steps = [];
    this.rowOf = undefined;
    this.maxStep = -1;
    this.epochs = undefined;
    this.times = undefined;
    this.columns = new Map();
    this.columnList = [];
    return batch;
  }
}
