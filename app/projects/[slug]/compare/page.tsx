import type { Metadata } from "next";
import { cookies } from "next/headers";
import { Suspense } from "react";
import { SkeletonRows } from "@/app/_components/Notice";
import { CompareView } from "@/app/_components/compare/CompareView";
import { PreloadSeries } from "@/app/_components/compare/PreloadSeries";
import { compareFirstView } from "@/lib/server/compare/first-view";

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Compare · ${(await params).slug}` };
}

/**
 * /projects/<slug>/compare?runs=…: the whole view lives in the query string (lib/compare/url-state.ts).
 * The runs' details come with the page and its first series reads start with it (preloaded from
 * the HTML), so the charts need no request round trip after the page becomes interactive.
 */
export default async function ComparePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug } = await params;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") query.set(k, v);
  const { details, widthPx, seriesUrls } = await compareFirstView(query, await cookies());
  return (
    <>
      <PreloadSeries urls={seriesUrls} />
      {/* useSearchParams inside CompareView needs a Suspense boundary. */}
      <Suspense fallback={<SkeletonRows rows={8} label="Loading comparison" />}>
        <CompareView slug={slug} initialDetails={details} initialWidthPx={widthPx} />
      </Suspense>
    </>
  );
}
