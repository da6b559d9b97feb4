import { parse } from "yaml";
import { readAllText } from "../text/read-all";
import { isPlainObject } from "../text/json";
import type { SourceFile } from "../types";

/**
 * Reads a YAML mapping (args.yaml, hparams.yaml). Python-specific tags (`!!python/object`) are
 * read as plain values; a file that is not a mapping gives undefined and a warning.
 */
export async function readYamlMapping(file: SourceFile, warnings: string[]): Promise<Record<string, unknown> | undefined> {
  const text = await readAllText(file);
  try {
    const doc: unknown = parse(text, { logLevel: "silent", uniqueKeys: false });
    if (isPlainObject(doc)) return doc;
    if (doc !== null && doc !== undefined) warnings.push(`${file.path}: not a YAML mapping, config not read`);
  } catch (e) {
    warnings.push(`${file.path}: invalid YAML (${(e as Error).message.split("\n")[0]}), config not read`);
  }
  return undefined;
}
