/** Display formatting shared by tables, headers and chart tooltips. Pure; no React. */
import { isLrKey } from "@/lib/metrics/lr-keys";

/** Learning rates read best in exponent form: 1e-4, 5e-3, 2.5e-4 (and 0.1 stays 0.1). */
export function formatLr(value: unknown): string {
  if (typeof value !== "number") return formatAny(value);
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 0.01 && abs < 1000) return String(Number(value.toPrecision(4)));
  const [mantissa, exponent] = value.toExponential(3).split("e");
  return `${Number(mantissa)}e${Number(exponent)}`;
}

/** Metrics to 4 significant digits; exponent form only when the magnitude needs it. */
export function formatMetric(value: unknown): string {
  // Strings are "NaN", "Infinity", "-Infinity" from the wire.
  if (typeof value !== "number") return formatAny(value);
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e6) return formatLr(value);
  return String(Number(value.toPrecision(4)));
}

/** Made on first use: see formatInt. */
let intFormat: Intl.NumberFormat | undefined;

/**
 * Integers with thin grouping (12,500) — steps and counts. Intl's en-US grouping, written out for
 * the integers a step axis and a table show: the first Intl object of a page sets up ICU, ~13 ms
 * of main thread in Chromium, which the compare page paid for its step axis' tick labels before
 * its charts were drawn. The rest (±∞, NaN, −0, beyond 2^53) goes to Intl itself.
 */
export function formatInt(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const n = Math.round(value);
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
  return (intFormat ??= new Intl.NumberFormat("en-US")).format(n);
}

/** 3725 → "1h 2m 5s"; under a minute keeps one decimal below 10 s. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 10) return `${Math.round(seconds * 10) / 10}s`;
  const total = Math.round(seconds);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [d && `${d}d`, (d || h) && `${h}h`, (d || h || m) && `${m}m`, !d && `${s}s`];
  return parts.filter(Boolean).join(" ");
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];
/** Made on first use, like formatInt's: made here, every page importing this module paid for ICU's set-up. */
let relativeFormat: Intl.RelativeTimeFormat | undefined;

/** "3 minutes ago", against `now` so a table renders consistently in one pass. */
export function formatRelative(iso: string, now = Date.now()): string {
  const diff = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(diff) >= size || unit === "second")
      return (relativeFormat ??= new Intl.RelativeTimeFormat("en", { numeric: "auto" })).format(Math.round(diff / size), unit);
  }
  return iso;
}

/** Absolute timestamp in UTC, unambiguous for a team spread over time zones. */
export function formatAbsolute(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}

/** A config value for a table cell: scalars as is, lr-like numbers in exponent form, the rest as JSON. */
export function formatConfigValue(key: string, value: unknown): string {
  return typeof value === "number" && isLrKey(key) ? formatLr(value) : formatAny(value);
}

/** Any value as text: strings as they are, numbers and booleans printed, null as a dash, the rest as JSON. */
export function formatAny(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? "—";
}

/** A file size: "812 B", "4.2 KiB", "1.3 MiB", "2.0 GiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
