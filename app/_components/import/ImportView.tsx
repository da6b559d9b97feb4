"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ErrorNotice } from "../Notice";
import { importFormatsQuery } from "../query/queries";
import { filesFromDrop, filesFromInput, type PickedFile } from "./dropped-files";
import { editOf, editsValid, overrideOf, type RunEdit } from "@/lib/importers/run-edits";
import { RunPreviewCard } from "./RunPreviewCard";
import type { ImportedRun, PreviewRun } from "./types";
import { uploadImport, UploadFailure, type UploadProgress } from "./upload";

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; purpose: "preview" | "import"; progress: UploadProgress }
  | { kind: "preview"; runs: PreviewRun[]; ignored: string[] }
  | { kind: "done"; runs: ImportedRun[] };

/** Drag and drop logs → preview each run → edit → import, with upload progress. */
export function ImportView({ slug }: { slug: string }) {
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [edits, setEdits] = useState<RunEdit[]>([]);
  const [format, setFormat] = useState("auto");
  const [error, setError] = useState<UploadFailure | null>(null);
  const [dragging, setDragging] = useState(false);

  // The format list only refines "detect automatically": without it the picker offers just that.
  const formats = useQuery(importFormatsQuery()).data?.formats ?? [];

  // The inputs are in the server-rendered HTML: files picked before the page became interactive
  // fired their change event before React listened, so they are previewed once it does.
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const early = [fileInput.current, folderInput.current].find((el) => el?.files?.length);
    if (early) void preview(filesFromInput(early.files));
    // Once, at hydration: later picks go through onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const progress = (purpose: "preview" | "import") => (p: UploadProgress) => setPhase({ kind: "uploading", purpose, progress: p });

  async function preview(picked: PickedFile[], fmt = format) {
    setFiles(picked);
    setError(null);
    if (!picked.length) return;
    try {
      const res = await uploadImport<{ runs: PreviewRun[]; ignored: string[] }>({ project: slug, preview: "true", format: fmt }, picked, progress("preview"));
      setEdits(res.runs.map(editOf));
      setPhase({ kind: "preview", runs: res.runs, ignored: res.ignored });
    } catch (err) {
      setError(err instanceof UploadFailure ? err : new UploadFailure(String(err)));
      setPhase({ kind: "idle" });
    }
  }

  async function runImport(runs: PreviewRun[]) {
    const overrides = edits.map(overrideOf);
    setError(null);
    try {
      const res = await uploadImport<{ runs: ImportedRun[] }>(
        { project: slug, format, overrides: JSON.stringify(overrides), allowDuplicates: "true" },
        files,
        progress("import"),
      );
      setPhase({ kind: "done", runs: res.runs });
    } catch (err) {
      setError(err instanceof UploadFailure ? err : new UploadFailure(String(err)));
      setPhase({ kind: "preview", runs, ignored: [] });
    }
  }

  const busy = phase.kind === "uploading";
  const configsValid = editsValid(edits);
  return (
    <div className="space-y-6">
      <div
        data-testid="import-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (!busy) void filesFromDrop(e.dataTransfer).then(preview);
        }}
        className={`rounded-xl border-2 border-dashed p-8 text-center ${dragging ? "border-indigo-500 bg-indigo-50 dark:bg-indigo-950" : "border-slate-300 dark:border-slate-700"}`}
      >
        <p className="text-lg font-medium">Drop log files, a run folder, several run folders or a .zip here</p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          TensorBoard event files, Hugging Face trainer_state.json, MMSegmentation/MMEngine logs, Ultralytics results.csv, Lightning metrics.csv, Keras
          CSVLogger, Detectron2 metrics.json, MLflow run folders, any CSV/TSV or JSON Lines — detected from their content.
        </p>
        <div className="mt-4 flex flex-wrap items-center justify-center gap-3">
          <label className="btn-secondary cursor-pointer">
            Choose files
            <input
              type="file"
              multiple
              className="sr-only"
              data-testid="import-file-input"
              ref={fileInput}
              disabled={busy}
              onChange={(e) => void preview(filesFromInput(e.target.files))}
            />
          </label>
          <label className="btn-secondary cursor-pointer">
            Choose a folder
            <input
              type="file"
              className="sr-only"
              data-testid="import-folder-input"
              ref={folderInput}
              disabled={busy}
              // In the server-rendered HTML, so the input is a folder picker before hydration too.
              webkitdirectory=""
              onChange={(e) => void preview(filesFromInput(e.target.files))}
            />
          </label>
          <label className="text-sm">
            Format{" "}
            <select
              className="field"
              value={format}
              disabled={busy}
              onChange={(e) => {
                setFormat(e.target.value);
                if (files.length) void preview(files, e.target.value);
              }}
            >
              <option value="auto">detect automatically</option>
              {formats.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.title}
                </option>
              ))}
            </select>
          </label>
        </div>
        {files.length > 0 && (
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            {files.length} file(s), {(files.reduce((s, f) => s + f.file.size, 0) / 1024 / 1024).toFixed(1)} MiB
          </p>
        )}
      </div>

      {phase.kind === "uploading" && <ProgressBar purpose={phase.purpose} progress={phase.progress} />}
      {error && (
        <div>
          <ErrorNotice message={error.message} />
          {error.details.length > 0 && (
            <ul className="mt-2 list-inside list-disc text-sm text-red-800 dark:text-red-300">
              {error.details.map((d) => (
                <li key={d.path + d.message}>
                  <span className="font-mono">{d.path}</span>: {d.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {phase.kind === "preview" && (
        <div className="space-y-4" data-testid="import-preview">
          <h2 className="text-lg font-semibold">{phase.runs.length} run(s) found — nothing is written until you import</h2>
          {phase.ignored.length > 0 && <p className="text-sm text-slate-600 dark:text-slate-400">Ignored (not logs): {phase.ignored.join(", ")}</p>}
          {phase.runs.map((r, i) => (
            <RunPreviewCard key={r.index} run={r} edit={edits[i]} onEdit={(e) => setEdits(edits.map((x, j) => (j === i ? e : x)))} />
          ))}
          <button
            type="button"
            className="btn-primary"
            disabled={!configsValid || edits.every((e) => e.skip)}
            onClick={() => void runImport(phase.runs)}
            data-testid="import-submit"
          >
            Import {edits.filter((e) => !e.skip).length} run(s)
          </button>
        </div>
      )}

      {phase.kind === "done" && (
        <div
          role="status"
          data-testid="import-done"
          className="space-y-2 rounded-lg border border-green-300 bg-green-50 p-4 dark:border-green-800 dark:bg-green-950"
        >
          <p className="font-medium">Imported {phase.runs.filter((r) => !r.duplicateOf).length} run(s).</p>
          <ul className="list-inside list-disc text-sm">
            {phase.runs.map((r) => (
              <li key={r.id}>
                <a className="link" href={new URL(r.url).pathname}>
                  {r.name}
                </a>{" "}
                ({r.format}, {r.points.toLocaleString("en-US")} values){r.duplicateOf ? " — already there" : ""}
              </li>
            ))}
          </ul>
          <Link className="btn-secondary" href={`/projects/${encodeURIComponent(slug)}`}>
            Open the runs table
          </Link>
        </div>
      )}
    </div>
  );
}

function ProgressBar({ purpose, progress }: { purpose: "preview" | "import"; progress: UploadProgress }) {
  const pct = progress.total ? Math.round((100 * progress.loaded) / progress.total) : 0;
  const label = progress.processing ? (purpose === "preview" ? "Reading the logs…" : "Writing the runs…") : `Uploading… ${pct}%`;
  return (
    <div data-testid="import-progress">
      <p className="mb-1 text-sm">{label}</p>
      {progress.processing ? (
        <div role="progressbar" aria-label={label} className="h-2 w-full animate-pulse rounded bg-indigo-300 dark:bg-indigo-800" />
      ) : (
        <div
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          className="h-2 w-full rounded bg-slate-200 dark:bg-slate-800"
        >
          <div className="h-2 rounded bg-indigo-600" style={{ width: `${pct}%` }} />
        </div>
      )}
    </div>
  );
}
