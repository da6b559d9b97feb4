import type { Detection, FileSample, SourceFile } from "../types";

export const NO_FILES: Detection = { confidence: 0, reason: "no file" };

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** True when the sample holds NUL bytes or mostly undecodable bytes: not a text log. */
export function looksBinary(sample: FileSample): boolean {
  if (sample.head.indexOf(0) !== -1) return true;
  let bad = 0;
  for (let i = 0; i < sample.text.length; i++) if (sample.text.charCodeAt(i) === 0xfffd) bad++;
  return bad > 8 && bad > sample.text.length / 100;
}

/** The sample's non-empty lines, without a last line the sample may have cut. */
export function sampleLines(sample: FileSample, max = 50): string[] {
  const lines = sample.text.split("\n");
  if (!sample.complete) lines.pop();
  return lines
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.trim() !== "")
    .slice(0, max);
}

/** The first file of a group whose path matches. */
export function findFile<T extends { path: string }>(files: T[], re: RegExp): T | undefined {
  return files.find((f) => re.test(f.path));
}

export function noMatch(reason: string): Detection {
  return { confidence: 0, reason };
}

/** Common guard of text formats: a first file that is non-empty text. */
export function textGuard(files: FileSample[]): Detection | undefined {
  const main = files[0];
  if (!main) return NO_FILES;
  if (main.head.length === 0) return noMatch("the file is empty");
  if (looksBinary(main)) return noMatch("binary content (NUL or undecodable bytes), not a text log");
  return undefined;
}

export function mainFile(files: SourceFile[]): SourceFile {
  return files[0];
}

/** The first file's text when it is a JSON object document, else why not. */
export function jsonObjectText(files: FileSample[]): string | Detection {
  const guard = textGuard(files);
  if (guard) return guard;
  const text = files[0].text.trimStart();
  return text.startsWith("{") ? text : noMatch("not a JSON object");
}
