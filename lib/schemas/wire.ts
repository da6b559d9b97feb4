import { z } from "zod";
import { fromWire, NONFINITE_SPELLINGS, toWire } from "./wire-number";

export { fromWire, NONFINITE_SPELLINGS, toWire, type NonFiniteSpelling, type WireNumber } from "./wire-number";

/**
 * The building blocks of response schemas. A response schema is a codec between two types:
 * `z.output` is the domain value a handler returns (numbers may be NaN/±Infinity, times may be
 * Dates), `z.input` is what travels as JSON (non-finite numbers as the strings "NaN", "Infinity",
 * "-Infinity"; times as ISO-8601 strings). Clients read `z.input` (`Wire<S>` below; app/_components/api-types.ts).
 */

/** A metric value or anything computed from one: any float64 in the domain (z.number() refuses NaN), a number or a spelling on the wire. */
export const ZWireNumber = z.codec(
  z.union([z.number(), z.enum(NONFINITE_SPELLINGS)]),
  z.custom<number>((v) => typeof v === "number"),
  {
    decode: (v) => fromWire(v),
    encode: (v) => toWire(v),
  },
);

/** A time: a Date in the domain, ISO-8601 on the wire (what JSON.stringify makes of a Date). */
export const ZDateTime = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (s) => new Date(s),
  encode: (d) => d.toISOString(),
});

/** A time the domain already holds as its ISO-8601 string. */
export const ZIsoTime = z.iso.datetime({ offset: true });

/** Any JSON value: configs, summaries, free-form details. */
export const ZJson = z.unknown();
export const ZJsonObject = z.record(z.string(), z.unknown());

/** The shape of every error answer of /api/v1 (codes and statuses: lib/server/api/errors.ts). */
export const ZErrorEnvelope = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** What a client receives for a response schema: its wire side (numbers may be spellings, times ISO strings). */
export type Wire<S extends z.ZodType> = z.input<S>;
