import type { Database } from "@/lib/db/client";
import { env, isLoopbackHost } from "@/lib/server/env";
import { hashKey, KEY_PREFIX } from "@/lib/server/keys/key-hash";
import { ApiError } from "./errors";

interface KeyInfo {
  id: number;
  projectId: number;
  scope: "read" | "write";
}

/**
 * The deployment rule: a server bound to loopback accepts writes without a key; bound anywhere
 * else, every write needs a key. ANNEAL_AUTH=keys|open overrides the rule either way.
 */
export function writesNeedKey(): boolean {
  const mode = process.env.ANNEAL_AUTH ?? "auto";
  if (mode === "keys") return true;
  if (mode === "open") return false;
  return !isLoopbackHost(env().HOST);
}

export class Auth {
  private constructor(
    readonly key: KeyInfo | null,
    private readonly operator = false,
  ) {}

  /** The local operator (CLI scripts with direct database access): may do anything. */
  static operator(): Auth {
    return new Auth(null, true);
  }

  /** Resolves the bearer key, if any; an unknown or revoked key is a 401 even where keys are optional. */
  static async fromRequest(db: Database, request: Request): Promise<Auth> {
    const header = request.headers.get("authorization");
    if (!header) return new Auth(null);
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m || !m[1].startsWith(KEY_PREFIX)) throw new ApiError("unauthenticated", "Authorization must be 'Bearer ank_…'");
    const row = await db.prisma.apiKey.findUnique({ where: { hash: hashKey(m[1]) } });
    if (!row || row.revokedAt) throw new ApiError("unauthenticated", "Unknown or revoked API key");
    // lastUsedAt is informational: don't make every ingest request wait for it.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      void db.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
    }
    return new Auth({ id: row.id, projectId: row.projectId, scope: row.scope === "read" ? "read" : "write" });
  }

  /** Throws 401/403 unless this request may `need` the project (projectId null: it does not exist yet). */
  require(projectId: number | null, need: "read" | "write"): void {
    if (this.operator) return;
    if (!this.key) {
      if (need === "write" && writesNeedKey())
        throw new ApiError("unauthenticated", "This server requires an API key for writes (Authorization: Bearer ank_…)");
      return;
    }
    if (projectId === null || this.key.projectId !== projectId) throw new ApiError("permission_denied", "This API key belongs to another project");
    if (need === "write" && this.key.scope !== "write") throw new ApiError("permission_denied", "This API key is read-only");
  }
}
