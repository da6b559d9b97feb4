import type { Metadata } from "next";
import { Suspense } from "react";
import { SkeletonRows } from "@/app/_components/Notice";
import { ComparisonView } from "@/app/_components/review/ComparisonView";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  return { title: `Saved comparison · ${slug}` };
}

export default async function ComparisonPage({ params, searchParams }: { params: Params; searchParams: Promise<{ comment?: string }> }) {
  const { slug, id } = await params;
  const { comment } = await searchParams;
  return (
    // The embedded compare view reads the URL (useSearchParams): it needs a Suspense boundary.
    <Suspense fallback={<SkeletonRows rows={8} label="Loading comparison" />}>
      <ComparisonView slug={slug} id={id} focusComment={comment ?? null} />
    </Suspense>
  );
}
