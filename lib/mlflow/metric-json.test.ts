import { describe, expect, it } from "vitest";
import { metricsJsonBytes } from "./metric-json";

const reference = (v: number) => (Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");

describe("metricsJsonBytes", () => {
  it("writes what JSON.stringify writes for MLflow's Metric messages, every kind of double included", () => {
    const values = [
      0,
      -0,
      1,
      -1,
      0.1,
      1 / 3,
      -2.5e-308,
      5e-324,
      1.7976931348623157e308,
      1e21,
      123456789012345680000,
      2 ** 53 - 1,
      -(2 ** 53) + 1,
      2 ** 53,
      NaN,
      Infinity,
      -Infinity,
      0.0095,
      0.0095,
      0.0095,
      NaN,
      NaN,
      7,
      7,
    ];
    for (let i = 0; i < 200; i++) values.push((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20));
    const steps = values.map((_, i) => (i === 1 ? 2 ** 53 - 1 : i * 7));
    const timestamps = values.map((_, i) => (i === 2 ? -5 : 1_700_000_000_000 + i));
    const bytes = metricsJsonBytes(
      '{"metrics":[',
      [
        { key: 'val/"mIoU" é', points: { steps, values, timestamps } },
        { key: "lr", runId: "r1", points: { steps: [3], values: [0.5], timestamps: [10] } },
      ],
      '],"next_page_token":"x"}',
    );
    const expected = JSON.stringify({
      metrics: [
        ...values.map((v, i) => ({ key: 'val/"mIoU" é', value: reference(v), timestamp: timestamps[i], step: steps[i] })),
        { key: "lr", value: 0.5, timestamp: 10, step: 3, run_id: "r1" },
      ],
      next_page_token: "x",
    });
    expect(new TextDecoder().decode(bytes)).toBe(expected);
  });

  it("writes an empty list", () => {
    expect(new TextDecoder().decode(metricsJsonBytes('{"metrics":[', [{ key: "a", points: { steps: [], values: [], timestamps: [] } }], "]}"))).toBe(
      '{"metrics":[]}',
    );
  });
});
