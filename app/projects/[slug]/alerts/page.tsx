import type { Metadata } from "next";
import { ProjectBreadcrumbs } from "@/app/_components/Breadcrumbs";
import { AlertsView } from "@/app/_components/review/AlertsView";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Alerts · ${(await params).slug}` };
}

export default async function AlertsPage({ params }: { params: Params }) {
  const { slug } = await params;
  return (
    <div className="space-y-4">
      <ProjectBreadcrumbs slug={slug} current="alerts" />
      <AlertsView slug={slug} />
    </div>
  );
}
