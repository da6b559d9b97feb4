import type { ReactNode } from "react";
import { ProjectTabs } from "@/app/_components/auth/ProjectTabs";
import { LiveProject } from "@/app/_components/live/LiveProject";

/** Every page of a project has its tabs and listens to its live events (one stream for the whole page). */
export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <LiveProject slug={slug}>
      <ProjectTabs slug={slug} />
      {children}
    </LiveProject>
  );
}
