/** Python's json.dumps writes bare NaN/Infinity; quote them (outside strings) so JSON.parse accepts them. */
const NON_FINITE = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;

/** JSON.parse that also accepts Python's bare `NaN`, `Infinity`, `-Infinity`. Throws SyntaxError. */
export function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e;
    return JSON.parse(text.replace(NON_FINITE, (m) => (m[0] === '"' ? m : `"${m}"`)));
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Flattens nested objects into `a/b/c` keys; arrays and scalars are leaves. */
export function flattenObject(obj: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const k in obj) {
    const v = obj[k];
    const key = prefix ? `${prefix}/${k}` : k;
    if (isPlainObject(v)) flattenObject(v, key, out);
    else out[key] = v;
  }
  return out;
}
