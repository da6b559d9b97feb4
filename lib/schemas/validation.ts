import type { z } from "zod";

export interface IssueDetail {
  path: string;
  message: string;
}

/** Bad input found while validating a request; becomes a 400 invalid_argument with these details. */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly details: IssueDetail[],
  ) {
    super(message);
  }
}

export function zodDetails(error: z.ZodError, prefix = ""): IssueDetail[] {
  return error.issues.slice(0, 50).map((i) => ({
    path: formatPath(prefix, i.path as (string | number)[]),
    message: i.message,
  }));
}

export function formatPath(prefix: string, path: (string | number)[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}
