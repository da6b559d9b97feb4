import "server-only";
import net from "node:net";
import { z } from "zod";
import { splitCommaList } from "@/lib/comma-list";

const ZFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .default("")
  .transform((v) => v === "1" || v === "true" || v === "yes");

const ZList = z
  .string()
  .default("")
  .transform((s) => splitCommaList(s).map((v) => v.toLowerCase()));

/** One ANNEAL_TRUSTED_PROXIES entry: none, loopback, an IP address or a CIDR block. */
export function isProxyEntry(entry: string): boolean {
  if (entry === "none" || entry === "loopback") return true;
  const [ip, bits, extra] = entry.split("/");
  const version = net.isIP(ip);
  if (!version || extra !== undefined) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/**
 * ANNEAL_AUTH (auto/keys/open) predates the two modes. `auto` is what local mode does, so it is
 * accepted; the others changed meaning, so the server stops and says what to set instead.
 */
const ZLegacyAuth = z
  .string()
  .optional()
  .superRefine((v, ctx) => {
    if (v === undefined || v === "" || v === "auto") return;
    const instead: Record<string, string> = {
      keys: "ANNEAL_AUTH=keys is replaced by ANNEAL_MODE=team (every request needs a signed-in user or an API key); unset ANNEAL_AUTH",
      open: "ANNEAL_AUTH=open is gone: local mode on 127.0.0.1 needs no key; for a read-only LAN dashboard set ANNEAL_OPEN_READS=1, for a team ANNEAL_MODE=team; unset ANNEAL_AUTH",
    };
    ctx.addIssue({ code: "custom", message: instead[v] ?? `unknown value '${v}': ANNEAL_AUTH is replaced by ANNEAL_MODE=local|team; unset it` });
  });

const ZEnv = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL (unset it to use the embedded database)")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    ANNEAL_DATA_DIR: z.string().default(".anneal"),
    HOST: z.string().default("127.0.0.1"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** local: one implicit user on a loopback address; team: every request needs a signed-in user or an API key. */
    ANNEAL_MODE: z.enum(["local", "team"], { message: "ANNEAL_MODE must be 'local' or 'team'" }).default("local"),
    ANNEAL_AUTH: ZLegacyAuth,
    /** Local mode only: allow binding a non-loopback address as a read-only dashboard (writes need a key). */
    ANNEAL_OPEN_READS: ZFlag,
    /** Tests: every answer of an /api/v1 route is checked against its schema in the route registry; a mismatch answers 500. */
    ANNEAL_CHECK_RESPONSES: ZFlag,
    /** Extra Host header values accepted besides loopback names and ANNEAL_PUBLIC_URL's host (DNS-rebinding guard). */
    ANNEAL_ALLOWED_HOSTS: ZList,
    /**
     * Proxies whose X-Forwarded-For is believed for the client's address (rate limits, sessions,
     * audit): none (the default: the socket's address counts), loopback, IP addresses or CIDR blocks.
     */
    ANNEAL_TRUSTED_PROXIES: ZList.superRefine((entries, ctx) => {
      const bad = entries.filter((e) => !isProxyEntry(e));
      if (bad.length) ctx.addIssue({ code: "custom", message: `not 'none', 'loopback', an IP address or a CIDR block: ${bad.join(", ")}` });
    }),
    /** How long a verified HTTP Basic email + password is remembered (saves a scrypt per request); 0: never. */
    ANNEAL_CREDENTIAL_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
    /** Signs session cookies; when unset, one is generated once and kept in the database (shared by every instance). */
    ANNEAL_SECRET: z.string().min(32, "ANNEAL_SECRET must be at least 32 characters").optional(),
    /** Creates this admin account at start when there is no account yet (team mode). */
    ANNEAL_ADMIN_EMAIL: z.string().email().optional(),
    ANNEAL_ADMIN_PASSWORD: z.string().min(8, "ANNEAL_ADMIN_PASSWORD must be at least 8 characters").optional(),
    /** OpenID Connect sign-in (all three, or none). */
    ANNEAL_OIDC_ISSUER: z.string().url().optional(),
    ANNEAL_OIDC_CLIENT_ID: z.string().min(1).optional(),
    ANNEAL_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Button label on the sign-in page. */
    ANNEAL_OIDC_NAME: z.string().default("single sign-on"),
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
  })
  .superRefine((e, ctx) => {
    const oidc = [e.ANNEAL_OIDC_ISSUER, e.ANNEAL_OIDC_CLIENT_ID, e.ANNEAL_OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3)
      ctx.addIssue({
        code: "custom",
        path: ["ANNEAL_OIDC_ISSUER"],
        message: "set ANNEAL_OIDC_ISSUER, ANNEAL_OIDC_CLIENT_ID and ANNEAL_OIDC_CLIENT_SECRET together",
      });
    if (!!e.ANNEAL_ADMIN_EMAIL !== !!e.ANNEAL_ADMIN_PASSWORD)
      ctx.addIssue({ code: "custom", path: ["ANNEAL_ADMIN_EMAIL"], message: "set ANNEAL_ADMIN_EMAIL and ANNEAL_ADMIN_PASSWORD together" });
  });

export type Env = z.infer<typeof ZEnv>;

let cached: Env | undefined;

/** Environment, validated once; a bad value stops the process with a message naming the variable. */
export function env(): Env {
  if (cached) return cached;
  cached = parseEnv(process.env);
  return cached;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Anneal configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

/** The origin the server is reached at, for links and as the expected Origin of browser requests. */
export function publicUrl(e: Env = env()): URL {
  if (e.ANNEAL_PUBLIC_URL) return new URL(e.ANNEAL_PUBLIC_URL);
  const host = e.HOST === "0.0.0.0" || e.HOST === "::" ? "127.0.0.1" : e.HOST;
  return new URL(`http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${e.PORT}`);
}
