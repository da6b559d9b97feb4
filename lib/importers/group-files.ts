/** Files that belong to one run, main file first; `name` is a readable default run name. */
export interface FileGroup {
  name: string;
  files: string[];
}

export interface Grouping {
  groups: FileGroup[];
  /** Files that are no log (checkpoints, binaries, images, code) or a duplicate of one. */
  ignored: string[];
}

const MLFLOW_METRIC = /^(?:(.*?)\/)?metrics\/.+$/;
const TFEVENTS = /(^|\/)events\.out\.tfevents\.[^/]+$/;
/** Extensions a log can have (plus MLflow's extensionless metric files, handled separately). */
const LOG_EXT = /\.(csv|tsv|jsonl|ndjson|json|log|txt)$/i;
/** Files only ever read as a companion of a run's main file. */
const COMPANION_ONLY =
  /(^|\/)(args\.ya?ml|hparams\.ya?ml|config\.json|training_args\.json|config\.ya?ml|meta\.yaml|config\.py|tokenizer[^/]*\.json|special_tokens_map\.json|vocab\.json|preprocessor_config\.json|generation_config\.json|[^/]*\.safetensors\.index\.json)$/;
/** File stems too generic to name a run: use the folder name instead. */
const GENERIC_STEM = /^(metrics|results|scalars|trainer_state|log|logs|train|training|history|events|progress|\d{8}_\d{6})$/i;

const dirOf = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");
const baseOf = (p: string) => p.slice(p.lastIndexOf("/") + 1);
const stemOf = (p: string) => baseOf(p).replace(/\.(log\.json|[^.]+)$/, "");

function nameFor(main: string): string {
  const dir = dirOf(main);
  const stem = stemOf(main);
  if (!GENERIC_STEM.test(stem) && !TFEVENTS.test(main)) return stem;
  const parts = dir.split("/").filter(Boolean);
  // vis_data/scalars.json and checkpoint-N/ name the run by the folder above.
  while (parts.length > 1 && /^(vis_data|checkpoint-\d+|\d{8}_\d{6})$/.test(parts[parts.length - 1])) parts.pop();
  return parts[parts.length - 1] ?? stem;
}

/**
 * Groups a file list (a folder walk, several `work_dirs/` runs, a zip's entries) into runs:
 * results.csv + args.yaml; metrics.csv or event files + hparams.yaml; trainer_state.json +
 * training_args.json + config.json; MLflow metrics/ params/ tags/ meta.yaml; MMEngine
 * vis_data/scalars.json + the text log + config.py; MMCV x.log.json + x.log; Detectron2
 * metrics.json + config.yaml. Every other log-like file is a run of its own.
 */
export function groupFiles(paths: string[]): Grouping {
  const all = [...new Set(paths.map((p) => p.replace(/\\/g, "/")))].sort();
  const set = new Set(all);
  const claimed = new Set<string>();
  const groups: FileGroup[] = [];
  const ignored: string[] = [];
  const inDir = (dir: string, re: RegExp) => all.filter((p) => dirOf(p) === dir && re.test(baseOf(p)));
  const add = (main: string[], companions: string[], name = nameFor(main[0])) => {
    const files = [...main, ...companions.filter((c) => set.has(c))];
    files.forEach((f) => claimed.add(f));
    groups.push({ name, files });
  };

  // MLflow run folders: metrics/<key> files have no extension.
  const mlflowDirs = new Set<string>();
  for (const p of all) {
    const m = MLFLOW_METRIC.exec(p);
    if (m && !LOG_EXT.test(p)) mlflowDirs.add(m[1] ?? "");
  }
  for (const dir of mlflowDirs) {
    const prefix = dir ? `${dir}/` : "";
    const under = (part: string) => all.filter((p) => p.startsWith(`${prefix}${part}/`));
    add(
      under("metrics").filter((p) => !LOG_EXT.test(p)),
      [...under("params"), ...under("tags"), `${prefix}meta.yaml`],
      baseOf(dir) || "mlflow-run",
    );
  }

  // Hugging Face: the output folder's trainer_state.json, else the latest checkpoint's.
  const states = all.filter((p) => baseOf(p) === "trainer_state.json");
  for (const s of states) {
    const dir = dirOf(s);
    const ck = /^(.*?)\/?checkpoint-(\d+)$/.exec(dir);
    if (ck) {
      const parent = ck[1];
      const newer = states.some((o) => {
        const m = /^(.*?)\/?checkpoint-(\d+)$/.exec(dirOf(o));
        return dirOf(o) === parent || (m !== null && m[1] === parent && Number(m[2]) > Number(ck[2]));
      });
      if (newer) {
        claimed.add(s);
        ignored.push(s);
        continue;
      }
    }
    const parent = ck ? ck[1] : dir;
    const near = (n: string) => [dir, parent].map((d) => (d ? `${d}/${n}` : n)).find((p) => set.has(p));
    add(
      [s],
      [near("training_args.json"), near("config.json")].filter((p): p is string => !!p),
    );
  }

  for (const dir of [...new Set(all.map(dirOf))]) {
    const at = (n: string) => (dir ? `${dir}/${n}` : n);
    if (set.has(at("results.csv"))) add([at("results.csv")], [at("args.yaml")]);
    if (set.has(at("metrics.csv"))) add([at("metrics.csv")], [at("hparams.yaml")]);
    const events = inDir(dir, TFEVENTS);
    if (events.length > 0) add(events, [at("hparams.yaml")]);
    if (set.has(at("metrics.json"))) add([at("metrics.json")], [at("config.yaml")]);
    for (const lj of inDir(dir, /\.log\.json$/)) add([lj], [lj.replace(/\.json$/, "")]);
    if (baseOf(dir) === "vis_data" && set.has(at("scalars.json"))) {
      const runDir = dirOf(dir);
      add([at("scalars.json")], [at("config.py"), ...inDir(runDir, /\.log$/)]);
      // MMEngine also writes vis_data/<timestamp>.json with the same lines.
      for (const dup of inDir(dir, /^\d{8}_\d{6}\.json$/)) {
        claimed.add(dup);
        ignored.push(dup);
      }
    }
  }

  for (const p of all) {
    if (claimed.has(p)) continue;
    if (LOG_EXT.test(p) && !COMPANION_ONLY.test(p)) add([p], []);
    else ignored.push(p);
  }
  return { groups, ignored };
}
