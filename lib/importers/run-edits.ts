/**
 * The import preview's editable fields per run (name, tags, config as text, skip) and what they
 * become in the import request's `overrides`. Pure, so the editor's rules are tested here.
 */
import { splitCommaList } from "@/lib/comma-list";

/** What the preview lets the user change before importing, as the form holds it. */
export interface RunEdit {
  name: string;
  /** Comma-separated, as typed. */
  tags: string;
  /** JSON, as typed. */
  config: string;
  skip: boolean;
}

/** One entry of the import request's `overrides` (same order as the previewed runs). */
export interface RunOverride {
  name: string;
  tags: string[];
  config: Record<string, unknown>;
  skip: boolean;
}

/** The form's starting values for a previewed run; a duplicate of an imported run starts skipped. */
export function editOf(run: { name: string; tags: readonly string[]; config: Record<string, unknown>; duplicateOf: unknown }): RunEdit {
  return { name: run.name, tags: run.tags.join(", "), config: JSON.stringify(run.config, null, 2), skip: !!run.duplicateOf };
}

/** The config text as an object, or null when it is not a JSON object (the form then says so). */
export function parseConfig(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whether the form can be imported: every run that is not skipped has a valid config. */
export function editsValid(edits: readonly RunEdit[]): boolean {
  return edits.every((e) => e.skip || parseConfig(e.config) !== null);
}

export function overrideOf(edit: RunEdit): RunOverride {
  return {
    name: edit.name,
    tags: splitCommaList(edit.tags),
    config: parseConfig(edit.config) ?? {},
    skip: edit.skip,
  };
}
