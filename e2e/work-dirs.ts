import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A temporary `work_dirs/` with two experiments: a JSONL training log and a Keras CSVLogger log (MIT). */
export function makeWorkDirs(jsonlFixture = "sgd-2e-2-exp.jsonl"): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "anneal-e2e-")), "work_dirs");
  fs.mkdirSync(path.join(dir, "sgd-exp"), { recursive: true });
  fs.mkdirSync(path.join(dir, "brats-keras"), { recursive: true });
  fs.copyFileSync(path.join("fixtures/realtrain", jsonlFixture), path.join(dir, "sgd-exp", "log.jsonl"));
  fs.copyFileSync("fixtures/reallogs-mit/4hmetcakmak_brats2020_keras_csvlogger_training.log", path.join(dir, "brats-keras", "training.log"));
  return dir;
}
