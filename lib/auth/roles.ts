/**
 * Who may do what in a project — the one table every check reads.
 * owner: members, keys, project settings, deletions; editor: log, import, edit runs; viewer: read.
 * Admins may do everything everywhere. A write key acts as an editor of its project, a read key as a viewer.
 */
export const PROJECT_ROLES = ["owner", "editor", "viewer"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const PROJECT_ACTIONS = ["read", "write", "manage"] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

const GRANTS: Record<ProjectRole, readonly ProjectAction[]> = {
  owner: ["read", "write", "manage"],
  editor: ["read", "write"],
  viewer: ["read"],
};

export function roleAllows(role: ProjectRole, action: ProjectAction): boolean {
  return GRANTS[role].includes(action);
}

/** The least role that allows an action, for error messages ("this needs editor"). */
export function leastRoleFor(action: ProjectAction): ProjectRole {
  return [...PROJECT_ROLES].reverse().find((r) => roleAllows(r, action))!;
}

export function isProjectRole(v: unknown): v is ProjectRole {
  return typeof v === "string" && (PROJECT_ROLES as readonly string[]).includes(v);
}

export type KeyScope = "read" | "write";

export function keyRole(scope: KeyScope): ProjectRole {
  return scope === "write" ? "editor" : "viewer";
}
