import { BatchBuilder } from "../batch-builder";
import { mapConfig, withOriginal } from "../config/map-config";
import { readYamlMapping } from "../config/yaml-config";
import { ImportError } from "../errors";
import { checkStep } from "../steps";
import { maskedCrc32c } from "../tensorboard/crc32c";
import { decodeEvent } from "../tensorboard/event";
import { readTfRecords } from "../tensorboard/tfrecord";
import type { ImportFormat } from "../types";
import { optimizerFromLrKey } from "./lightning-csv";
import { NO_FILES, findFile, noMatch } from "./sniff";

const EVENTS_FILE = /(^|\/)events\.out\.tfevents\.[^/]*$/;

export const tensorboard: ImportFormat = {
  id: "tensorboard",
  title: "TensorBoard event files",
  detection:
    "TFRecord framing (uint64 length + masked CRC-32C) whose first record's CRC checks out; usually named `events.out.tfevents.*`. Scalar summaries (`simple_value` or scalar tensors) become metrics: tag → key, step, wall_time. Several event files of one folder are one run; a Lightning `hparams.yaml` beside them is the config.",
  example: "events.out.tfevents.1700000000.host.1234.0 (binary)",
  detect(files) {
    const f = files[0];
    if (!f) return NO_FILES;
    if (f.head.length < 12) return noMatch("shorter than a TFRecord header (12 bytes)");
    const dv = new DataView(f.head.buffer, f.head.byteOffset, 12);
    if (maskedCrc32c(f.head.subarray(0, 8)) !== dv.getUint32(8, true)) return noMatch("the first 12 bytes are not a TFRecord header (length CRC mismatch)");
    return { confidence: EVENTS_FILE.test(f.path) ? 0.99 : 0.9 };
  },
  async *parse(files) {
    const builder = new BatchBuilder();
    const warnings: string[] = [];
    const eventFiles = files.filter((f) => !/\.ya?ml$/.test(f.path));
    for (const file of eventFiles) {
      for await (const rec of readTfRecords(file)) {
        let ev;
        try {
          ev = decodeEvent(rec.data);
        } catch (e) {
          throw new ImportError({ file: file.path, record: rec.index, expected: "an Event protobuf", found: (e as Error).message });
        }
        if (ev.scalars.length === 0) continue;
        const row = builder.row(checkStep(ev.step, `${file.path} record ${rec.index}`, undefined));
        if (ev.wallTime !== undefined) builder.setTime(row, ev.wallTime);
        for (const s of ev.scalars) builder.set(row, s.tag, s.value);
        if (builder.full) yield builder.take()!;
      }
    }
    const last = builder.take();
    if (last) yield last;
    const hpFile = findFile(files, /(^|\/)hparams\.ya?ml$/);
    const hparams = hpFile ? await readYamlMapping(hpFile, warnings) : undefined;
    const mapped = hparams ? mapConfig(hparams) : {};
    const lrKey = [...builder.keys].find((k) => optimizerFromLrKey(k) !== undefined);
    if (lrKey) mapped.optimizer ??= optimizerFromLrKey(lrKey);
    return { config: withOriginal(mapped, { hparams }), keys: { x: "step", lr: lrKey }, warnings };
  },
};
