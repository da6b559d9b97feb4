"use client";

import { useId, useState } from "react";
import { X_AXES, type XAxis } from "@/lib/charts/align";
import { AXIS_TITLES } from "@/lib/charts/axis-format";
import { MAX_STRENGTH, SMOOTHING_KINDS, type CompareState, type SmoothingKind } from "@/lib/compare/url-state";
import { useUrlDraft } from "../use-url-draft";

const SMOOTHING_LABELS: Record<SmoothingKind, string> = {
  ema: "EMA (TensorBoard)",
  "time-ema": "time-weighted EMA",
  gaussian: "Gaussian",
  running: "running average",
  none: "none",
};
/** Slider moves are committed to the URL after this pause, not on every pixel of the drag. */
const SLIDER_COMMIT_MS = 150;

interface Props {
  state: CompareState;
  update: (patch: Partial<CompareState>) => void;
  /** Axes at least one compared run can be drawn on. */
  axes: readonly XAxis[];
  configKeys: readonly string[];
  runs: readonly { id: string; name: string }[];
  metricKeys: readonly string[];
  chartedKeys: ReadonlySet<string>;
  onAddChart: (key: string) => void;
  onExportSeries: () => void;
  onExportSummary: () => void;
}

const group = "flex flex-wrap items-center gap-2";
const label = "text-xs font-medium text-slate-600 dark:text-slate-400";

/** A labelled control: the label above, wired to the control by id. */
function Field({ id, text, children }: { id: string; text: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className={label}>
        {text}
      </label>
      {children}
    </div>
  );
}

/** A select of config keys with a leading "nothing" option. */
function KeySelect(props: {
  id: string;
  testId: string;
  value: string;
  keys: readonly string[];
  none: string;
  disabled?: boolean;
  onChange: (key: string) => void;
}) {
  return (
    <select
      id={props.id}
      data-testid={props.testId}
      className="field"
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="">{props.none}</option>
      {props.keys.map((k) => (
        <option key={k} value={k}>
          {k}
        </option>
      ))}
    </select>
  );
}

/** The view-wide controls: x axis, smoothing, grouping, charts to add, exports. */
export function Controls({ state, update, axes, configKeys, runs, metricKeys, chartedKeys, onAddChart, onExportSeries, onExportSummary }: Props) {
  const ids = { smooth: useId(), strength: useId(), group: useId(), group2: useId(), band: useId(), add: useId(), keys: useId(), diag: useId() };
  const [strength, setStrength] = useUrlDraft(state.strength, (s) => update({ strength: s }), { delayMs: SLIDER_COMMIT_MS });
  const [adding, setAdding] = useState("");

  const setGroup = (index: number, key: string) => {
    const next = [...state.groupBy];
    if (key) next[index] = key;
    else next.splice(index);
    update({ groupBy: next.filter(Boolean), hidden: [] });
  };
  const addable = metricKeys.filter((k) => !chartedKeys.has(k));
  const submitAdd = () => {
    if (!metricKeys.includes(adding)) return;
    onAddChart(adding);
    setAdding("");
  };

  return (
    <div
      data-testid="compare-controls"
      className="no-print flex flex-wrap items-end gap-x-6 gap-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
    >
      <fieldset className={group} data-testid="compare-x-axis">
        <legend className={`${label} mb-1`}>x axis</legend>
        {X_AXES.map((a) => (
          <label
            key={a}
            className={`cursor-pointer rounded-md border border-slate-300 px-2 py-0.5 text-sm has-checked:border-indigo-600 has-checked:bg-indigo-600 has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-indigo-500 dark:border-slate-600 ${axes.includes(a) ? "" : "opacity-50"}`}
          >
            <input
              type="radio"
              name="compare-x"
              value={a}
              checked={state.x === a}
              disabled={!axes.includes(a)}
              onChange={() => update({ x: a, zoom: null, mark: null })}
              className="sr-only"
            />
            {AXIS_TITLES[a]}
          </label>
        ))}
      </fieldset>

      <div className={group}>
        <Field id={ids.smooth} text="Smoothing">
          <select
            id={ids.smooth}
            data-testid="smoothing-kind"
            className="field"
            value={state.smoothing}
            onChange={(e) => update({ smoothing: e.target.value as SmoothingKind })}
          >
            {SMOOTHING_KINDS.map((k) => (
              <option key={k} value={k}>
                {SMOOTHING_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={ids.strength}
          text={
            <>
              Strength <output className="font-mono">{strength.toFixed(2)}</output>
            </>
          }
        >
          <input
            id={ids.strength}
            data-testid="smoothing-strength"
            type="range"
            min={0}
            max={MAX_STRENGTH}
            step={0.01}
            value={strength}
            disabled={state.smoothing === "none"}
            onChange={(e) => setStrength(Number(e.target.value))}
            className="w-40 accent-indigo-600"
          />
        </Field>
      </div>

      <div className={group}>
        <Field id={ids.group} text="Group by">
          <KeySelect id={ids.group} testId="group-by" value={state.groupBy[0] ?? ""} keys={configKeys} none="(no grouping)" onChange={(k) => setGroup(0, k)} />
        </Field>
        <Field id={ids.group2} text="then by (grid)">
          <KeySelect
            id={ids.group2}
            testId="group-by-2"
            value={state.groupBy[1] ?? ""}
            keys={configKeys.filter((k) => k !== state.groupBy[0])}
            none="(none)"
            disabled={state.groupBy.length === 0}
            onChange={(k) => setGroup(1, k)}
          />
        </Field>
        <Field id={ids.band} text="Band">
          <select
            id={ids.band}
            data-testid="band-kind"
            className="field"
            value={state.band}
            disabled={state.groupBy.length === 0}
            onChange={(e) => update({ band: e.target.value === "std" ? "std" : "minmax" })}
          >
            <option value="minmax">min – max</option>
            <option value="std">± 1 std</option>
          </select>
        </Field>
      </div>

      <Field id={ids.diag} text="Diagnosis marks">
        <select
          id={ids.diag}
          data-testid="diagnosis-marks"
          className="field"
          value={state.diag ?? ""}
          onChange={(e) => update({ diag: e.target.value || null })}
        >
          <option value="">(none)</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </Field>

      <form
        className={group}
        onSubmit={(e) => {
          e.preventDefault();
          submitAdd();
        }}
      >
        <Field id={ids.add} text={<>Add a chart ({addable.length} more keys)</>}>
          <input
            id={ids.add}
            data-testid="add-chart"
            list={ids.keys}
            className="field w-48"
            placeholder="search metric keys"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          />
          <datalist id={ids.keys}>
            {addable.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </Field>
        <button type="submit" className="btn-secondary self-end" disabled={!metricKeys.includes(adding) || chartedKeys.has(adding)}>
          Add
        </button>
      </form>

      <div className={`${group} ml-auto self-end`}>
        <button type="button" className="btn-secondary" data-testid="export-series-csv" onClick={onExportSeries}>
          Series CSV
        </button>
        <button type="button" className="btn-secondary" data-testid="export-summary-csv" onClick={onExportSummary}>
          Summary CSV
        </button>
      </div>
    </div>
  );
}
