import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { env } from "@/lib/server/env";

export const KEY_PREFIX = "ank_";

/** Keyed SHA-256: fast enough for every ingest request (keys are random, so no slow KDF is needed). */
export function hashKey(key: string): string {
  return createHmac("sha256", env().ANNEAL_KEY_PEPPER).update(key).digest("hex");
}

export function generateKey(): string {
  return KEY_PREFIX + randomBytes(24).toString("base64url");
}
