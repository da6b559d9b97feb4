import { describe, expect, it } from "vitest";
import { ImportError } from "../errors";
import { memFile } from "../test-helpers/sources";
import { splitCsvLine } from "./csv";
import { flattenObject, parseJsonLenient } from "./json";
import { readLines } from "./lines";
import { parseDecimal, parseNumber } from "./numbers";

async function lines(content: string | Uint8Array, chunk: number, max?: number) {
  const out: [number, string][] = [];
  let unterminated = false;
  for await (const c of readLines(memFile("f.txt", content, chunk), max)) {
    c.lines.forEach((l, i) => out.push([c.firstLine + i, l]));
    unterminated = c.unterminatedLast;
  }
  return { out, unterminated };
}

describe("readLines", () => {
  it("strips a BOM, splits CRLF and LF, numbers lines, flags a last line without newline, at any chunk size", async () => {
    for (const chunk of [1, 2, 3, 5, 1000]) {
      const r = await lines("\uFEFFa\r\nb\n\nc", chunk);
      expect(r.out).toEqual([
        [1, "a"],
        [2, "b"],
        [3, ""],
        [4, "c"],
      ]);
      expect(r.unterminated).toBe(true);
    }
  });

  it("decodes multi-byte UTF-8 split across chunks", async () => {
    const r = await lines("é€😀\n", 1);
    expect(r.out).toEqual([[1, "é€😀"]]);
  });

  it("decodes ASCII and non-ASCII chunks alike, a character cut short included", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("a,1\né,2\n"), 0xe2, 0x82, ...new TextEncoder().encode("b\nc\n")]);
    for (const chunk of [1, 2, 4, 1000]) {
      expect((await lines(bytes, chunk)).out).toEqual([
        [1, "a,1"],
        [2, "é,2"],
        [3, "\uFFFDb"],
        [4, "c"],
      ]);
    }
  });

  it("rejects a line longer than the limit with its line number", async () => {
    const err = await lines("ok\nok\n" + "x".repeat(50) + "\n", 4, 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).line).toBe(3);
  });
});

describe("parseNumber", () => {
  it("parses decimals and every NaN/infinity spelling; empty is null; text is undefined", () => {
    expect(["1", " 2.5 ", "-1e-3", "nan", "NaN", "-nan", "inf", "+inf", "-inf", "Infinity", "-Infinity", "INF"].map(parseNumber)).toEqual([
      1,
      2.5,
      -0.001,
      NaN,
      NaN,
      NaN,
      Infinity,
      Infinity,
      -Infinity,
      Infinity,
      -Infinity,
      Infinity,
    ]);
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("  ")).toBeNull();
    for (const s of ["abc", "0x1f", "1,5", "tensor(0.5)"]) expect(parseNumber(s)).toBeUndefined();
  });
});

describe("parseDecimal", () => {
  it("gives the same double as `+s` for plain decimals, read in place", () => {
    const cases = [
      "0",
      "-0",
      "+7",
      "12",
      "1.",
      ".5",
      "-0.0099999999",
      "0.1",
      "0.30000000000000004",
      "3e-4",
      "1.5E+10",
      "-2.5e-22",
      "9007199254740991",
      "123456.789e-5",
      "000123.4500",
    ];
    for (const s of cases) {
      const v = parseDecimal(`x,${s},y`, 2, 2 + s.length) ?? Number(s);
      expect(Object.is(v, Number(s))).toBe(true);
    }
    for (let i = 0; i < 10_000; i++) {
      const s = (Math.random() * 10 ** ((i % 40) - 20)).toPrecision(1 + (i % 17));
      expect(parseDecimal(s, 0, s.length) ?? Number(s)).toBe(Number(s));
    }
  });

  it("declines what is not a plain decimal, for parseNumber to decide", () => {
    for (const s of ["", "-", ".", "e5", "1e", "1e+", "0x1f", "1_000", " 1", "nan", "inf", "1.2.3", "1e400", "12345678901234567890"]) {
      expect(parseDecimal(s, 0, s.length)).toBeUndefined();
    }
  });
});

describe("splitCsvLine", () => {
  it("handles quoted delimiters and escaped quotes", () => {
    expect(splitCsvLine('1,"a,b","say ""hi""",', ",")).toEqual(["1", "a,b", 'say "hi"', ""]);
    expect(splitCsvLine("1\t2", "\t")).toEqual(["1", "2"]);
  });
});

describe("JSON helpers", () => {
  it("accepts Python's bare NaN/Infinity outside strings only", () => {
    expect(parseJsonLenient('{"a": NaN, "b": -Infinity, "c": "NaN text", "d": [Infinity]}')).toEqual({
      a: "NaN",
      b: "-Infinity",
      c: "NaN text",
      d: ["Infinity"],
    });
    expect(() => parseJsonLenient("{oops")).toThrow(SyntaxError);
  });

  it("flattens nested objects with /", () => {
    expect(flattenObject({ a: { b: 1, c: { d: [1] } }, e: 2 })).toEqual({ "a/b": 1, "a/c/d": [1], e: 2 });
  });
});
