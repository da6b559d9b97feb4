import { FORMATS } from "./formats";
import { readHead } from "./text/read-all";
import type { FileSample, FormatId, SourceFile } from "./types";

/** Bytes read from each file for detection. */
export const SAMPLE_BYTES = 64 * 1024;

export interface FormatAttempt {
  format: FormatId;
  confidence: number;
  reason?: string;
}

export interface DetectionResult {
  /** The most confident match, absent when nothing matched. */
  best?: { format: FormatId; confidence: number };
  /** Every format tried, most confident first, with why each did not match. */
  tried: FormatAttempt[];
}

export async function sampleFile(file: SourceFile, bytes: number = SAMPLE_BYTES): Promise<FileSample> {
  const { head, complete } = await readHead(file, bytes);
  return { path: file.path, head, text: new TextDecoder("utf-8").decode(head), complete };
}

/** Detects the format of samples of one run's files (main file first). */
export function detectSamples(samples: FileSample[]): DetectionResult {
  const tried: FormatAttempt[] = FORMATS.map((f) => {
    const d = f.detect(samples);
    return { format: f.id, confidence: d.confidence, ...(d.confidence > 0 ? {} : { reason: d.reason ?? "did not match" }) };
  });
  // Stable sort keeps the registry order (specific before generic) among equal confidences.
  tried.sort((a, b) => b.confidence - a.confidence);
  const top = tried[0];
  return { best: top && top.confidence > 0 ? { format: top.format, confidence: top.confidence } : undefined, tried };
}

/** Detects the format of one run's files (main file first). */
export async function detectFormat(files: SourceFile[]): Promise<DetectionResult> {
  return detectSamples(await Promise.all(files.map((f) => sampleFile(f))));
}
