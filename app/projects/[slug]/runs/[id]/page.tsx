import type { Metadata } from "next";
import { ProjectBreadcrumbs } from "@/app/_components/Breadcrumbs";
import { RunView } from "@/app/_components/run/RunView";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, id } = await params;
  return { title: `${id} · ${slug}` };
}

export default async function RunPage({ params, searchParams }: { params: Params; searchParams: Promise<{ comment?: string }> }) {
  const { slug, id } = await params;
  const { comment } = await searchParams;
  return (
    <div className="space-y-4">
      <ProjectBreadcrumbs slug={slug} current="run" />
      <RunView runId={id} focusComment={comment ?? null} />
    </div>
  );
}
