"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { roleAllows, type ProjectAction } from "@/lib/auth/roles";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { PageLink } from "../PageLink";
import { projectQuery } from "../query/queries";

/** Whether the caller's role in a project allows an action (the UI shows only the controls it may use). */
export function useProjectCan(slug: string, action: ProjectAction): boolean | undefined {
  const project = useQuery(projectQuery(slug));
  if (!project.data) return undefined;
  const role = project.data.role;
  return !!role && roleAllows(role, action);
}

/** The project's sections; Import needs editor, API keys owner, so viewers see neither. */
export function ProjectTabs({ slug }: { slug: string }) {
  const path = usePathname();
  const canWrite = useProjectCan(slug, "write");
  const canManage = useProjectCan(slug, "manage");
  const role = useQuery(projectQuery(slug)).data?.role;
  const base = `/projects/${encodeURIComponent(slug)}`;
  const tab = (href: string, label: ReactNode, testId: string) => (
    <PageLink
      href={href}
      data-testid={testId}
      aria-current={path === href ? "page" : undefined}
      className={`border-b-2 px-1 pb-2 text-sm ${path === href ? "border-indigo-600 font-medium" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"}`}
    >
      {label}
    </PageLink>
  );
  return (
    // data-role: the role every control of the page was chosen by, once known (tests wait for it).
    <nav aria-label="Project" data-role={role ?? undefined} className="mb-4 flex gap-5 border-b border-slate-200 dark:border-slate-800">
      {tab(base, "Runs", "tab-runs")}
      {canWrite && tab(`${base}/import`, "Import logs", "tab-import")}
      {tab(`${base}/members`, "Members", "tab-members")}
      {canManage && tab(`${base}/keys`, "API keys", "tab-keys")}
    </nav>
  );
}

/** Children only for callers whose role allows `action`; otherwise what to do instead. */
export function RequireProjectRole({ slug, action, children }: { slug: string; action: ProjectAction; children: ReactNode }) {
  const project = useQuery(projectQuery(slug));
  const can = useProjectCan(slug, action);
  if (project.error) return <ErrorNotice message={project.error.message} onRetry={() => void project.refetch()} />;
  if (can === undefined) return <SkeletonRows rows={3} />;
  if (!can) return <NoPermission action={action} />;
  return <>{children}</>;
}

/** What a caller whose role doesn't allow `action` sees instead of the controls. */
export function NoPermission({ action }: { action: ProjectAction }) {
  return (
    <p
      role="alert"
      className="rounded-md border border-slate-300 p-4 text-sm text-slate-700 dark:border-slate-700 dark:text-slate-300"
      data-testid="no-permission"
    >
      Your role in this project doesn&apos;t allow this ({action === "manage" ? "owners only" : "editors and owners"}). Ask a project owner for a different role
      on the Members page.
    </p>
  );
}
