"use client";

import { useId, useState } from "react";
import { NUMERIC_REPLAY_KEYS, REPLAY_DEFAULTS, replayValueError, type NumericReplayKey, type ReplayParams } from "@/lib/diagnosis/replay-params";

const LABELS: Record<NumericReplayKey, { label: string; step: string }> = {
  factor: { label: "factor", step: "0.05" },
  patience: { label: "patience", step: "1" },
  threshold: { label: "threshold", step: "any" },
  cooldown: { label: "cooldown", step: "1" },
  minLr: { label: "min LR", step: "any" },
  eps: { label: "eps", step: "any" },
};

/**
 * "What if ReduceLROnPlateau": PyTorch's parameters, starting from the run's own (`base`, from its
 * config) with PyTorch's defaults one click away; valid edits are applied (debounced) by the caller.
 */
export function ReplayEditor({
  params,
  base,
  onChange,
  metric,
  mode,
}: {
  params: ReplayParams;
  base: ReplayParams;
  onChange: (p: ReplayParams) => void;
  metric: string;
  mode: string;
}) {
  const id = useId();
  const same = (a: ReplayParams, b: ReplayParams) => JSON.stringify(a) === JSON.stringify(b);
  const isDefault = same(params, REPLAY_DEFAULTS);
  const hasOwn = !same(base, REPLAY_DEFAULTS);
  const own = hasOwn ? NUMERIC_REPLAY_KEYS.filter((k) => base[k] !== REPLAY_DEFAULTS[k]).map((k) => `${LABELS[k].label} ${base[k]}`) : [];
  if (hasOwn && base.thresholdMode !== REPLAY_DEFAULTS.thresholdMode) own.push(`threshold mode ${base.thresholdMode}`);
  return (
    <fieldset className="space-y-2" data-testid="replay-editor">
      <legend className="text-sm font-semibold">What if ReduceLROnPlateau?</legend>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Replays PyTorch&apos;s scheduler on {metric} (mode {mode}), stepped once per evaluation. The replayed LR is drawn dashed on the LR chart.
        {hasOwn && <span data-testid="replay-own"> Starts from the run&apos;s own scheduler settings ({own.join(", ")}).</span>}
      </p>
      <div className="flex flex-wrap items-start gap-3">
        {NUMERIC_REPLAY_KEYS.map((key) => (
          <NumberField key={key} id={`${id}-${key}`} name={key} {...LABELS[key]} value={params[key]} onCommit={(v) => onChange({ ...params, [key]: v })} />
        ))}
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
          threshold mode
          <select
            data-testid="replay-thresholdMode"
            className="field"
            value={params.thresholdMode}
            onChange={(e) => onChange({ ...params, thresholdMode: e.target.value === "abs" ? "abs" : "rel" })}
          >
            <option value="rel">rel</option>
            <option value="abs">abs</option>
          </select>
        </label>
        {hasOwn && (
          <button
            type="button"
            className="btn-secondary mt-5 text-xs"
            disabled={same(params, base)}
            onClick={() => onChange(base)}
            data-testid="replay-own-reset"
          >
            Run&apos;s own
          </button>
        )}
        <button type="button" className="btn-secondary mt-5 text-xs" disabled={isDefault} onClick={() => onChange(REPLAY_DEFAULTS)} data-testid="replay-reset">
          PyTorch defaults
        </button>
      </div>
    </fieldset>
  );
}

/**
 * A number input that keeps what the user typed (so "0." or "1e-" mid-typing isn't rewritten)
 * and passes on only valid values; an invalid one is explained under the field.
 */
function NumberField({
  id,
  name,
  label,
  step,
  value,
  onCommit,
}: {
  id: string;
  name: NumericReplayKey;
  label: string;
  step: string;
  value: number;
  onCommit: (v: number) => void;
}) {
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  // A change from outside (reset, back button) replaces the typed text.
  if (shown !== value) {
    setShown(value);
    if (Number(text) !== value) setText(String(value));
  }
  const error = text.trim() === "" ? "Enter a number" : replayValueError(name, Number(text));
  return (
    <label htmlFor={id} className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
      {label}
      <input
        id={id}
        data-testid={`replay-${name}`}
        type="number"
        inputMode="decimal"
        step={step}
        className={`field w-24 ${error ? "border-red-500" : ""}`}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== "" && replayValueError(name, v) === null) onCommit(v);
        }}
      />
      {error && (
        <span id={`${id}-err`} className="max-w-24 font-normal text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </label>
  );
}
