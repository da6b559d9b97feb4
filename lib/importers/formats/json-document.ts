import { ImportError } from "../errors";
import { isPlainObject, parseJsonLenient } from "../text/json";
import { readAllText } from "../text/read-all";
import type { SourceFile } from "../types";

/** Reads a whole-file JSON document (size-capped), Python's bare NaN/Infinity accepted. */
export async function readJsonValue(file: SourceFile): Promise<unknown> {
  const text = await readAllText(file);
  try {
    return parseJsonLenient(text);
  } catch (e) {
    throw new ImportError({ file: file.path, expected: "a JSON document", found: (e as Error).message });
  }
}

/** Reads a whole-file JSON object (size-capped), Python's bare NaN/Infinity accepted. */
export async function readJsonObject(file: SourceFile): Promise<Record<string, unknown>> {
  const doc = await readJsonValue(file);
  if (!isPlainObject(doc)) throw new ImportError({ file: file.path, expected: "a JSON object" });
  return doc;
}
