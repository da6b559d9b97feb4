import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL (unset it to use the embedded database)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  ANNEAL_DATA_DIR: z.string().default(".anneal"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** A running run that sent nothing for this long is shown as crashed. */
  ANNEAL_CRASH_AFTER_SECONDS: z.coerce.number().positive().default(600),
  /** Mixed into API key hashes; set it once per deployment (changing it invalidates keys). */
  ANNEAL_KEY_PEPPER: z.string().default("anneal"),
  /** Memory bound of the in-process cache of smoothed series (lib/server/metrics/smoothing-cache.ts). */
  ANNEAL_SMOOTHING_CACHE_MB: z.coerce.number().min(0).default(256),
  /** Where MLflow artifacts (mlflow-artifacts proxy) are stored; default <ANNEAL_DATA_DIR>/artifacts. */
  ANNEAL_ARTIFACTS_DIR: z.string().optional(),
  /** Largest artifact file accepted through the mlflow-artifacts proxy. */
  ANNEAL_ARTIFACT_MAX_MB: z.coerce.number().positive().default(1024),
  /** Live event streams (SSE) one app instance serves at once; more are answered 429. */
  ANNEAL_MAX_EVENT_STREAMS: z.coerce.number().int().min(1).default(500),
  /** How long metrics.appended events stay in the log for resuming streams (other events are the activity feed and stay). */
  ANNEAL_EVENT_RETENTION_MINUTES: z.coerce.number().positive().default(60),
  /** Values (runs × keys × points or buckets) one metric read may send; a read asking for more is refused with a 413. */
  ANNEAL_MAX_READ_VALUES: z.coerce.number().int().positive().default(10_000_000),
  /** Public base URL used in run links; defaults to http://HOST:PORT. */
  ANNEAL_PUBLIC_URL: z.string().url().optional(),
});

export type Env = z.infer<typeof ZEnv>;

let cached: Env | undefined;

/** Environment, validated once; a bad value stops the process with a message naming the variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Anneal configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}
