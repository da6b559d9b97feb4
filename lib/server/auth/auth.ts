import "server-only";
import type { Actor } from "@/lib/events/event-types";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { keyRole, leastRoleFor, roleAllows, type KeyScope, type ProjectAction, type ProjectRole } from "@/lib/auth/roles";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

export interface KeyInfo {
  id: number;
  projectId: number;
  scope: KeyScope;
}

/** Who is asking. */
export type Principal =
  /** Local mode on a loopback address: the one implicit user, may do anything. */
  | { kind: "local" }
  /** Local mode with ANNEAL_OPEN_READS on a network address: may read everything, writes need a key. */
  | { kind: "visitor" }
  /** Team mode without credentials. */
  | { kind: "anonymous" }
  | { kind: "user"; user: SignedInUser; via: "session" | "basic"; sessionId?: string }
  | { kind: "key"; key: KeyInfo }
  /** An operator command with direct database access (CLI, demo script, benchmarks). */
  | { kind: "operator" };

/**
 * A request's identity with its project roles, loaded once per request so that every check after
 * it is synchronous. All allow/deny decisions go through `require` (lib/auth/roles.ts holds the table).
 */
export class Auth {
  constructor(
    readonly principal: Principal,
    /** The user's memberships (user principals only). */
    private readonly roles: ReadonlyMap<number, ProjectRole> = new Map(),
  ) {}

  static operator(): Auth {
    return new Auth({ kind: "operator" });
  }

  /** Everything allowed: the local user, an operator command or an admin. */
  get unrestricted(): boolean {
    const p = this.principal;
    return p.kind === "local" || p.kind === "operator" || (p.kind === "user" && p.user.isAdmin);
  }

  get user(): SignedInUser | null {
    return this.principal.kind === "user" ? this.principal.user : null;
  }

  /** The key this request came with (its project and scope), if any. */
  get key(): KeyInfo | null {
    return this.principal.kind === "key" ? this.principal.key : null;
  }

  /** Who is acting, as events, comments and reviews record it. */
  get actor(): Actor {
    const p = this.principal;
    if (p.kind === "user") return { id: p.user.id, name: p.user.name || p.user.email };
    if (p.kind === "key") return { id: `key:${p.key.id}`, name: `API key #${p.key.id}` };
    if (p.kind === "operator") return { id: "cli", name: "operator (CLI)" };
    return { id: p.kind, name: p.kind === "local" ? "local user" : p.kind };
  }

  /** Who did it, for audit entries (an email outlives a deleted account's id). */
  get auditActor(): string {
    const p = this.principal;
    if (p.kind === "user") return `user:${p.user.email}`;
    if (p.kind === "key") return `key:${p.key.id}`;
    return p.kind;
  }

  /** The role this identity has in a project (admins and the local user: owner), or null. */
  roleIn(projectId: number): ProjectRole | null {
    const p = this.principal;
    if (this.unrestricted) return "owner";
    if (p.kind === "visitor") return "viewer";
    if (p.kind === "key") return p.key.projectId === projectId ? keyRole(p.key.scope) : null;
    return this.roles.get(projectId) ?? null;
  }

  can(projectId: number, action: ProjectAction): boolean {
    const role = this.roleIn(projectId);
    if (!role || !roleAllows(role, action)) return false;
    // A key never manages its project (members, keys, deletion): that takes a person.
    return !(this.principal.kind === "key" && action === "manage");
  }

  /** Projects this identity may read: "all", or their ids. */
  readableProjects(): "all" | number[] {
    const p = this.principal;
    if (this.unrestricted || p.kind === "visitor") return "all";
    if (p.kind === "key") return [p.key.projectId];
    return [...this.roles.keys()];
  }

  /**
   * Throws unless this identity may do `action` in the project. projectId null: a project that
   * doesn't exist yet, i.e. creating one (people may, keys may not). Projects the identity cannot
   * read at all answer 404, as if they did not exist; readable ones with too small a role 403.
   */
  require(projectId: number | null, action: ProjectAction): void {
    this.requireIdentity(action !== "read");
    const p = this.principal;
    if (projectId === null) {
      if (p.kind === "key") throw new ApiError("permission_denied", "This API key belongs to another project; API keys cannot create projects");
      if (p.kind === "visitor") throw visitorWrite();
      return;
    }
    if (this.can(projectId, action)) return;
    if (p.kind === "key") {
      if (p.key.projectId !== projectId) throw new ApiError("permission_denied", "This API key belongs to another project");
      if (action === "manage") throw new ApiError("permission_denied", "API keys cannot manage a project (members, keys, deletion): sign in as an owner");
      throw new ApiError("permission_denied", "This API key is read-only");
    }
    if (p.kind === "visitor") throw visitorWrite();
    const role = this.roleIn(projectId);
    if (!role) throw notFound("Project");
    throw new ApiError("permission_denied", `Your role in this project is ${role}; this needs ${leastRoleFor(action)}. Ask a project owner.`);
  }

  /** Throws 401 without an identity (team mode) — and, for writes, for read-only visitors. */
  requireIdentity(forWrite = false): void {
    const kind = this.principal.kind;
    if (kind === "anonymous") throw new ApiError("unauthenticated", "Sign in, or send an API key (Authorization: Bearer ank_…)");
    if (kind === "visitor" && forWrite) throw visitorWrite();
  }

  /** A person (not an API key): account pages, creating projects from the browser. */
  requirePerson(): void {
    this.requireIdentity(true);
    if (this.principal.kind === "key") throw new ApiError("permission_denied", "This needs a signed-in user, not an API key");
  }

  requireAdmin(): void {
    this.requirePerson();
    if (!this.unrestricted) throw new ApiError("permission_denied", "Only admins may do this");
  }
}

function visitorWrite(): ApiError {
  return new ApiError("unauthenticated", "This server is a read-only dashboard (ANNEAL_OPEN_READS): writes need an API key (Authorization: Bearer ank_…)");
}
