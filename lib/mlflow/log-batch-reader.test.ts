import { describe, expect, it } from "vitest";
import { MlflowError } from "./errors";
import { readLogBatch } from "./log-batch-reader";
import { parseMetrics, type MetricColumns } from "./metric-columns";
import { ZLogBatch } from "./requests";

const T0 = 1_700_000_000_000;
const bytes = (text: string) => new TextEncoder().encode(text);

/** The ordinary path of a log-batch body: JSON.parse of the UTF-8 text, the request schema, parseMetrics. Throws its error. */
function ordinary(body: Uint8Array): { run_id?: string; run_uuid?: string; params?: unknown[]; tags?: unknown[]; metrics: MetricColumns } {
  const json: unknown = JSON.parse(new TextDecoder().decode(body));
  const req = ZLogBatch.parse(json);
  return { ...req, metrics: parseMetrics(req.metrics ?? []) };
}

const columns = (m: MetricColumns) => ({
  keys: [...m.keyOf].map((i) => m.keys[i]),
  steps: [...m.steps],
  values: [...m.values],
  timestamps: [...m.timestamps],
});

/** The reader's property: when it reads a body, the ordinary path accepts it and gives the same request, value for value (-0 and NaN included). */
function expectSameAsOrdinary(body: Uint8Array) {
  const fast = readLogBatch(body);
  if (!fast) return null;
  const slow = ordinary(body);
  expect(fast.run_id).toBe(slow.run_id);
  expect(fast.run_uuid).toBe(slow.run_uuid);
  expect(slow.params ?? []).toEqual([]);
  expect(slow.tags ?? []).toEqual([]);
  const [a, b] = [columns(fast.metrics), columns(slow.metrics)];
  expect(a.keys).toEqual(b.keys);
  for (const field of ["steps", "values", "timestamps"] as const) {
    expect(a[field].length).toBe(b[field].length);
    a[field].forEach((v, i) => expect(Object.is(v, b[field][i]), `${field}[${i}]: ${v} vs ${b[field][i]}`).toBe(true));
  }
  expect(new Set(fast.metrics.keys).size).toBe(fast.metrics.keys.length); // interned: each key once
  return fast;
}

/** A deterministic PRNG (mulberry32), so a failing case can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBER_SPELLINGS = [
  "0",
  "-0",
  "1",
  "-1",
  "0.5",
  "1e3",
  "1E-7",
  "-2.5e+10",
  "123456789012345",
  "1234567890123456",
  "12345678901234567890",
  "0.1",
  "0.30000000000000004",
  "1.7976931348623157e308",
  "1e308",
  "1e309",
  "-1e400",
  "5e-324",
  "2e-324",
  "1e-400",
  "0.000001",
  "1.0",
  "100e-2",
  "9007199254740993",
  "9007199254740991",
  "1e22",
  "1e23",
  "123.456e-20",
  "0e10",
  "-0.0",
  "3.141592653589793",
  "00",
  "01",
  ".5",
  "1.",
  "+1",
  "1e",
  "--1",
  "0x10",
  "NaN",
  "Infinity",
  "-Infinity",
  "1_000",
];
const STRING_VALUES = ['"NaN"', '"Infinity"', '"-Infinity"', '"0.5"', '" 2 "', '""', '"nan"', '"1e3"', '"abc"', '"1700000000000"', '"-5"', '"12a"'];
const KEYS = ["loss", "learning_rate", "val/mIoU", "epoch", "損失", "\uFEFFbom", "a\\u0062", "_time", "_epoch", "", "x".repeat(200), "x".repeat(201), 'q\\"t'];

const VALID_NUMBERS = NUMBER_SPELLINGS.filter((n) => /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(n));

/** A log-batch body in one of the many ways a client could spell it: half of them valid entry by entry, the others with invalid entries too. */
function randomBody(r: () => number): string {
  const clean = r() < 0.5;
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => (clean ? p >= 0.5 : r() < p);
  const ws = () => (r() < 0.7 ? "" : pick([" ", "\n  ", "\t", "\r\n", "  "]));
  const num = () =>
    r() < 0.5
      ? pick(clean ? VALID_NUMBERS : NUMBER_SPELLINGS)
      : r() < 0.5
        ? String((r() - 0.5) * 10 ** Math.floor(r() * 40 - 20))
        : String(Math.floor(r() * 2 ** 53));
  const metric = () => {
    const fields: string[] = [];
    if (chance(0.97)) fields.push(`"key"${ws()}:${ws()}"${pick(clean ? KEYS.slice(0, 6) : KEYS)}"`);
    if (chance(0.97)) fields.push(`"value":${ws()}${r() < 0.7 ? num() : pick(clean ? STRING_VALUES.slice(0, 3) : STRING_VALUES)}`);
    if (chance(0.95)) fields.push(`"timestamp":${clean || r() < 0.8 ? String(T0 + Math.floor(r() * 1e6)) : r() < 0.5 ? `"${T0}"` : num()}`);
    if (r() < 0.8) fields.push(`"step":${clean || r() < 0.8 ? (r() < 0.8 ? String(Math.floor(r() * 1e5)) : '"42"') : r() < 0.5 ? "null" : num()}`);
    if (chance(0.03)) fields.push(`"extra":1`);
    if (chance(0.03)) fields.push(`"value":1`);
    for (let i = fields.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [fields[i], fields[j]] = [fields[j], fields[i]];
    }
    return `{${ws()}${fields.join(`${ws()},${ws()}`)}${ws()}}`;
  };
  const top: string[] = [];
  if (chance(0.9))
    top.push(`"run_id":${ws()}${clean || r() < 0.95 ? `"${pick(clean ? ["abc123", "r", "ü-run"] : ["abc123", "r", "ü-run", "x".repeat(257)])}"` : "42"}`);
  if (r() < 0.3) top.push(`"run_uuid":"abc123"`);
  if (r() < 0.95) top.push(`"metrics":${ws()}[${ws()}${Array.from({ length: Math.floor(r() * 30) }, metric).join(`,${ws()}`)}${ws()}]`);
  if (r() < 0.2) top.push(`"params":${pick(clean ? ["[]", "[ ]"] : ["[]", "[ ]", '[{"key":"lr","value":"0.1"}]', "null"])}`);
  if (r() < 0.2) top.push(`"tags":${pick(clean ? ["[]"] : ["[]", '[{"key":"t","value":"v"}]'])}`);
  if (chance(0.02)) top.push(`"unknown":{}`);
  return `${ws()}{${ws()}${top.join(`,${ws()}`)}${ws()}}${ws()}`;
}

/** The body with a random byte changed, removed or inserted (mostly malformed JSON). */
function mutate(body: string, r: () => number): Uint8Array {
  const b = [...bytes(body)];
  const at = Math.floor(r() * (b.length + 1));
  const byte = Math.floor(r() * 256);
  const op = r();
  if (op < 0.33) b[Math.min(at, b.length - 1)] = byte;
  else if (op < 0.66) b.splice(at, 1);
  else b.splice(at, 0, byte);
  return Uint8Array.from(b);
}

describe("readLogBatch (log-batch bodies read from their bytes)", () => {
  it("reads a batch as JSON.stringify sends it: interned keys, values, steps and timestamps", () => {
    const metrics = Array.from({ length: 1000 }, (_, i) => ({
      key: `m${i % 10}`,
      value: Math.exp(-i / 300) + Math.random(),
      timestamp: T0 + i,
      step: Math.floor(i / 10),
    }));
    const read = expectSameAsOrdinary(bytes(JSON.stringify({ run_id: "r1", metrics })))!;
    expect(read).not.toBeNull();
    expect(read.run_id).toBe("r1");
    expect(read.metrics.keys).toEqual(Array.from({ length: 10 }, (_, k) => `m${k}`));
    expect([...read.metrics.values]).toEqual(metrics.map((m) => m.value));
  });

  it("reads the MLflow Python client's body: indented, non-finite values as strings, int64s as numbers or strings, step left out", () => {
    // mlflow.utils.proto_json_utils.message_to_json: json.dumps(..., indent=2) of MessageToJson's dict (NaN as "NaN").
    const body = `{
  "run_id": "7f3a",
  "metrics": [
    {
      "key": "loss",
      "value": "NaN",
      "timestamp": 1700000000000,
      "step": 3
    },
    {
      "key": "loss",
      "value": "Infinity",
      "timestamp": "1700000000001",
      "step": "4"
    },
    {
      "key": "grad_norm",
      "value": "-Infinity",
      "timestamp": 1700000000002
    },
    {
      "key": "lr",
      "value": 1e-05,
      "timestamp": 1700000000003,
      "step": 5
    }
  ],
  "params": [],
  "tags": []
}`;
    const read = expectSameAsOrdinary(bytes(body))!;
    expect(read).not.toBeNull();
    expect([...read.metrics.values]).toEqual([NaN, Infinity, -Infinity, 1e-5]);
    expect([...read.metrics.steps]).toEqual([3, 4, 0, 5]);
    expect([...read.metrics.timestamps]).toEqual([T0, T0 + 1, T0 + 2, T0 + 3]);
  });

  it("reads numbers exactly as JSON.parse does: long mantissas, huge and tiny exponents, -0", () => {
    const values = [
      "0.1",
      "0.30000000000000004",
      "1.7976931348623157e308",
      "1e400",
      "-1e400",
      "5e-324",
      "1e-400",
      "-0",
      "9007199254740993",
      "123456789.123456789e-3",
    ];
    const body = `{"run_id":"r","metrics":[${values.map((v, i) => `{"key":"k","value":${v},"timestamp":${T0},"step":${i}}`).join(",")}]}`;
    const read = expectSameAsOrdinary(bytes(body))!;
    expect(read).not.toBeNull();
    expect(Object.is(read.metrics.values[7], -0)).toBe(true);
    expect(read.metrics.values[3]).toBe(Infinity);
  });

  it("leaves to the ordinary path what it does not read, which then gives MLflow's error naming the field", () => {
    const body = (metric: string, extra = "") => bytes(`{"run_id":"r","metrics":[{"key":"a","value":1,"timestamp":1},${metric}]${extra}}`);
    const cases: [Uint8Array, string | null][] = [
      [body(`{"key":"a","value":NaN,"timestamp":1}`), "Unexpected token"], // bare NaN is not JSON (MLflow's clients send "NaN")
      [body(`{"key":"a","value":Infinity,"timestamp":1}`), "Unexpected token"],
      [body(`{"key":"a","value":"oops","timestamp":1}`), "metrics[1].value"],
      [body(`{"key":"a","value":1,"timestamp":1.5}`), "metrics[1].timestamp"],
      [body(`{"key":"a","value":1,"timestamp":9007199254740993}`), "metrics[1].timestamp"],
      [body(`{"key":"a","value":1,"timestamp":1,"step":-1}`), "metrics[1].step"],
      [body(`{"key":"a","value":1}`), "metrics[1].timestamp"],
      [body(`{"key":"_time","value":1,"timestamp":1}`), "reserved by Anneal"],
      [body(`{"key":"${"k".repeat(201)}","value":1,"timestamp":1}`), "metrics[1].key"],
      [body(`{"value":1,"timestamp":1}`), "metrics[1].key"],
      [body(`7`), "metrics[1]"],
      [body(`{"key":"a","value":1,"timestamp":1}`, `,"params":[{"key":"p","value":"1"}]`), null], // params: read the ordinary way, accepted
      [body(`{"key":"l\\u006fss","value":"0.5","timestamp":"2","step":null}`), null], // an escape, a number in a string, a null step: accepted
      [body(`{"key":"a","value":1,"timestamp":1,"value":2}`), null], // a repeated field: JSON.parse keeps the last
      [bytes(`{"run_id":"r","metrics":[]} x`), "Unexpected non-whitespace"],
      [bytes(`{"run_id":"r","metrics":[{"key":"a","value":01,"timestamp":1}]}`), "Unexpected number"],
    ];
    for (const [input, error] of cases) {
      expect(readLogBatch(input), new TextDecoder().decode(input)).toBeNull();
      if (error === null) expect(() => ordinary(input)).not.toThrow();
      else {
        let thrown: unknown;
        try {
          ordinary(input);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, new TextDecoder().decode(input)).toBeInstanceOf(Error);
        if (thrown instanceof MlflowError) expect(thrown.code).toBe("INVALID_PARAMETER_VALUE");
        expect((thrown as Error).message).toContain(error);
      }
    }
  });

  it("interns keys however many there are, non-ASCII and a leading U+FEFF included", () => {
    const keys = [...Array.from({ length: 150 }, (_, k) => `key_${k}`), "損失", "\uFEFFbom"];
    const metrics = keys.flatMap((key, k) => [0, 1].map((step) => ({ key, value: k + step, timestamp: T0, step })));
    const read = expectSameAsOrdinary(bytes(JSON.stringify({ run_id: "r", metrics })))!;
    expect(read.metrics.keys).toEqual(keys);
  });

  it("fuzz: every body it reads, the ordinary path accepts with the same values (random spellings and random byte mutations)", () => {
    const r = rng(12);
    let read = 0;
    let rejected = 0;
    for (let i = 0; i < 1500; i++) {
      const body = randomBody(r);
      for (const input of [bytes(body), mutate(body, r)]) {
        if (expectSameAsOrdinary(input)) read++;
        else {
          try {
            ordinary(input);
          } catch {
            rejected++;
          }
        }
      }
    }
    // Both sides of the property were exercised.
    expect(read).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(300);
  });
});
