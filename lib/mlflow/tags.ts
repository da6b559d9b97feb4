/**
 * How MLflow tags map onto Anneal's run fields: mlflow.runName is the name, mlflow.note.content the
 * notes; every other tag outside the `mlflow.` namespace also becomes an Anneal tag `key:value`
 * (just `key` when the value is empty), so the runs table can filter by it.
 */
export const RUN_NAME_TAG = "mlflow.runName";
export const NOTE_TAG = "mlflow.note.content";
export const USER_TAG = "mlflow.user";
export const LOG_MODEL_HISTORY_TAG = "mlflow.log-model.history";
/** Anneal's tag length limit (lib/schemas/common.ts ZTags). */
const MAX_ANNEAL_TAG = 100;

/** The Anneal tag for an MLflow tag, or null when it has none (system tags, too long). */
export function annealTag(key: string, value: string): string | null {
  if (key.startsWith("mlflow.")) return null;
  const tag = value === "" ? key : `${key}:${value}`;
  return tag.length <= MAX_ANNEAL_TAG ? tag : null;
}

/** Whether an Anneal tag came from the MLflow tag `key` (whatever its value was). */
export function isAnnealTagOf(tag: string, key: string): boolean {
  return tag === key || tag.startsWith(`${key}:`);
}

/** Anneal tags with the MLflow tag `key` set to `value` (or removed when value is null). */
export function withMlflowTag(tags: string[], key: string, value: string | null): string[] {
  const kept = tags.filter((t) => !isAnnealTagOf(t, key));
  const added = value === null ? null : annealTag(key, value);
  return added ? [...kept, added] : kept;
}

/** An Anneal tag as an MLflow key/value (the reverse of annealTag), for runs logged through Anneal's own API. */
export function splitAnnealTag(tag: string): { key: string; value: string } {
  const i = tag.indexOf(":");
  return i > 0 ? { key: tag.slice(0, i), value: tag.slice(i + 1) } : { key: tag, value: "" };
}
