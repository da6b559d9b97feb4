import type { Metadata } from "next";
import { Suspense } from "react";
import { Breadcrumbs } from "@/app/_components/Breadcrumbs";
import { SkeletonRows } from "@/app/_components/Notice";
import { RunsView } from "@/app/_components/runs/RunsView";
import { ProjectReview } from "@/app/_components/review/ProjectReview";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ProjectPage({ params }: { params: Params }) {
  const { slug } = await params;
  return (
    <div className="space-y-4">
      <Breadcrumbs trail={[{ href: "/", label: "Projects" }]} current={slug} />
      {/* useSearchParams inside RunsView needs a Suspense boundary. */}
      <Suspense fallback={<SkeletonRows rows={8} label="Loading runs" />}>
        <RunsView slug={slug} />
      </Suspense>
      <ProjectReview slug={slug} />
    </div>
  );
}
