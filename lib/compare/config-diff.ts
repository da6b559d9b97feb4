/** Config comparison across runs: flattened keys, which differ, which are seeds. */

export interface RunConfig {
  id: string;
  config: Record<string, unknown>;
}

/** `{"{key}": {"{runId}": value}}`; a run without the key is absent from the inner object. */
export type ConfigDiff = Record<string, Record<string, unknown>>;

/**
 * Nested objects flattened to `a.b.c` keys. Arrays and other values are leaves (a milestones
 * list is one value). An empty object is kept as a leaf so it is not silently dropped.
 */
export function flattenConfig(config: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0) Object.assign(out, flattenConfig(value, path));
    else out[path] = value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Seed-like keys (`seed`, `data_seed`, `seed_value`, `randomSeed`, `train.seed` …), judged on the
 * last path segment. They count as differing in the diff but are never confounders: seeds are
 * meant to vary within an arm.
 */
export function isSeedKey(key: string): boolean {
  const leaf = key.slice(key.lastIndexOf(".") + 1);
  return /^seeds?$/i.test(leaf) || /[_-]seeds?$/i.test(leaf) || /^seed[_-]/i.test(leaf) || /[a-z]Seeds?$/.test(leaf);
}

/** Value identity for config values: structural for arrays/objects, 1 ≠ "1". */
export function configValueKey(v: unknown): string {
  return v === undefined ? "undefined" : JSON.stringify(v, (_k, val: unknown) => (isPlainObject(val) ? sortKeys(val) : val));
}

function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, obj[k]]),
  );
}

/**
 * The compare API's `configDiff`: keys (sorted) whose values differ between the runs, a key
 * missing in some runs counting as different. `showAll` lists every key instead.
 */
export function configDiff(runs: readonly RunConfig[], { showAll = false }: { showAll?: boolean } = {}): ConfigDiff {
  const flat = runs.map((r) => ({ id: r.id, values: flattenConfig(r.config) }));
  const keys = new Set(flat.flatMap((r) => Object.keys(r.values)));
  const diff: ConfigDiff = {};
  for (const key of [...keys].sort()) {
    const perRun: Record<string, unknown> = {};
    const distinct = new Set<string>();
    for (const { id, values } of flat) {
      const present = Object.prototype.hasOwnProperty.call(values, key);
      if (present) perRun[id] = values[key];
      distinct.add(present ? configValueKey(values[key]) : "\u0000missing");
    }
    if (showAll || distinct.size > 1) diff[key] = perRun;
  }
  return diff;
}
