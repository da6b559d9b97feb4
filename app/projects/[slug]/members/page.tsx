import type { Metadata } from "next";
import { ProjectBreadcrumbs } from "@/app/_components/Breadcrumbs";
import { MembersView } from "@/app/_components/auth/MembersView";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="space-y-4">
      <ProjectBreadcrumbs slug={slug} current="Members" />
      <h1 className="text-2xl font-semibold">Members of {slug}</h1>
      <MembersView slug={slug} />
    </div>
  );
}
