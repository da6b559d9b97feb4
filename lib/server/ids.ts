import "server-only";
import { randomBytes } from "node:crypto";

const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** 12 base-36 characters (runs, comments, comparisons): unguessable enough for URLs, short enough to read out. */
export function generateId(): string {
  const bytes = randomBytes(12);
  let id = "";
  for (const b of bytes) id += ID_ALPHABET[b % 36];
  return id;
}
