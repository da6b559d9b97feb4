import type { Metadata } from "next";
import { Suspense } from "react";
import { SkeletonRows } from "@/app/_components/Notice";
import { CompareView } from "@/app/_components/compare/CompareView";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Compare · ${(await params).slug}` };
}

/** /projects/<slug>/compare?runs=…: the whole view lives in the query string (see compare/url-state.ts). */
export default async function ComparePage({ params }: { params: Params }) {
  const { slug } = await params;
  return (
    // useSearchParams inside CompareView needs a Suspense boundary.
    <Suspense fallback={<SkeletonRows rows={8} label="Loading comparison" />}>
      <CompareView slug={slug} />
    </Suspense>
  );
}
