import type { Metadata } from "next";
import { ProjectBreadcrumbs } from "@/app/_components/Breadcrumbs";
import { KeysView } from "@/app/_components/auth/KeysView";
import { RequireProjectRole } from "@/app/_components/auth/ProjectTabs";

export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="space-y-4">
      <ProjectBreadcrumbs slug={slug} current="API keys" />
      <h1 className="text-2xl font-semibold">API keys of {slug}</h1>
      <RequireProjectRole slug={slug} action="manage">
        <KeysView slug={slug} />
      </RequireProjectRole>
    </div>
  );
}
