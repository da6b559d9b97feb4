import { describe, expect, it } from "vitest";
import { csvField, seriesCsv, summaryCsv, toCsv } from "./csv";
import type { RunSummary } from "./summary";

describe("csvField", () => {
  it("quotes per RFC 4180", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(" padded")).toBe('" padded"');
  });

  it("spells non-finite numbers as the API does and leaves missing values empty", () => {
    expect([NaN, Infinity, -Infinity, 1e-4, 0.1 + 0.2].map(csvField)).toEqual(["NaN", "Infinity", "-Infinity", "0.0001", "0.30000000000000004"]);
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(true)).toBe("true");
    expect(csvField([1, 2])).toBe('"[1,2]"');
  });
});

describe("csvField against formula injection", () => {
  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvField("+1+cmd|' /C calc'!A0")).toBe("'+1+cmd|' /C calc'!A0");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
  });

  it("keeps numbers numbers, also as text", () => {
    expect([-0.5, -1e-9, -Infinity].map(csvField)).toEqual(["-0.5", "-1e-9", "-Infinity"]);
    expect(["-0.5", "+3", "-1.5e-3", "-Infinity", "NaN", "lr=0.1"].map(csvField)).toEqual(["-0.5", "+3", "-1.5e-3", "-Infinity", "NaN", "lr=0.1"]);
  });

  it("escapes run names and metric keys in whole documents", () => {
    const csv = summaryCsv([{ id: "r1", name: "=cmd()" }], {});
    expect(csv.split("\r\n")[1].startsWith("'=cmd()")).toBe(true);
    expect(seriesCsv([{ name: "@evil/loss", x: [0], y: [-0.5] }]).split("\r\n")).toEqual(["step,'@evil/loss", "0,-0.5", ""]);
  });
});

it("toCsv ends lines with CRLF", () => {
  expect(toCsv(["a", "b"], [[1, "x,y"]])).toBe('a,b\r\n1,"x,y"\r\n');
});

it("seriesCsv has one row per x and blanks where a run did not log", () => {
  const csv = seriesCsv([
    { name: "run a/loss", x: [0, 10, 20], y: [2, NaN, 1] },
    { name: 'run "b"/loss', x: [10, 30], y: [1.5, Infinity] },
  ]);
  expect(csv).toBe(['step,run a/loss,"run ""b""/loss"', "0,2,", "10,NaN,1.5", "20,1,", "30,,Infinity", ""].join("\r\n"));
});

it("summaryCsv writes one row per run", () => {
  const s: RunSummary = {
    best: 0.5,
    bestStep: 300,
    bestEpoch: 15,
    final: NaN,
    stepsTo90: 100,
    stepsTo95: 200,
    timeTo90: 12.5,
    timeTo95: null,
    auc: 0.4,
    lrAtBest: 0.001,
    diverged: true,
    divergedReason: "non_finite_metric",
  };
  const csv = summaryCsv([{ id: "r1", name: "adamw, seed 0" }], { r1: s });
  expect(csv.split("\r\n")).toEqual([
    "run,run_id,best,best_step,best_epoch,final,steps_to_90,steps_to_95,time_to_90_s,time_to_95_s,auc,lr_at_best,diverged",
    '"adamw, seed 0",r1,0.5,300,15,NaN,100,200,12.5,,0.4,0.001,true',
    "",
  ]);
});
