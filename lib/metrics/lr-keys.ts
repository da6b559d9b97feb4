/**
 * "Is this key a learning rate?" — the one rule, for logged series keys and config keys alike:
 * which series the LR chart shows, its log axis and number format, the import's LR key, config
 * values in exponent form, the run page's chart order.
 *
 * An LR key has an `lr` or `learning_rate` word (between `/ _ . -`, spaces or the ends: `lr`,
 * `train/lr`, `lr-AdamW` as Lightning logs it, `lr/pg0` as Ultralytics does, `optimizer.lr`,
 * `base_lr`, `<run name> - lr` as W&B exports it) that is not followed by a value (`learning_rate_0.01`
 * inside a run name) nor by a word saying the key measures something else about the LR
 * (`lr_finder_loss`, `lr_scale`, `lr_scheduler`, `lr_warmup_steps`).
 */
const LR_WORD = /(^|[\s/_.-])(lr|learning[_-]?rate)(?=$|[\s/_.-](?!\d+(\.\d|e-?\d)))/gi;
const NOT_AN_LR = /^[_.-]?(finder|loss|scale|mult|factor|sched|warmup|decay|policy|steps?)/i;

export function isLrKey(key: string): boolean {
  for (const m of key.matchAll(LR_WORD)) if (!NOT_AN_LR.test(key.slice(m.index + m[0].length))) return true;
  return false;
}

const GROUP_RE = /(pg|group|param_group)[_-]?(\d+)/i;

/**
 * All LR keys (one per parameter group), the scheduled LR first: `base_lr`, then `lr` or
 * `learning_rate`, then `train/lr`, then by group index. `base_lr` is what MMEngine logs beside `lr`
 * when the optimizer has several parameter groups: the optimizer's own LR (the config's
 * `optimizer.lr`) as the param schedulers move it, while its `lr` is group 0's, scaled by that
 * group's `lr_mult` (lib/importers/formats/mmengine-scalars.ts).
 */
export function findLrKeys(keys: readonly string[]): string[] {
  const groupOf = (k: string) => Number(GROUP_RE.exec(k)?.[2] ?? -1);
  const rank = (k: string) => (/^base_lr$/i.test(k) ? 0 : /^(lr|learning_rate)$/i.test(k) ? 1 : /^(train[/_.])?(lr|learning_rate)$/i.test(k) ? 2 : 3);
  return keys.filter(isLrKey).sort((a, b) => rank(a) - rank(b) || groupOf(a) - groupOf(b) || a.localeCompare(b));
}
