import type { Metadata } from "next";
import Link from "next/link";
import { ImportView } from "@/app/_components/import/ImportView";
import { NoPermission } from "@/app/_components/auth/ProjectTabs";
import { pageCan } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Import logs" };

export default async function ImportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link className="link" href={`/projects/${encodeURIComponent(slug)}`}>
          ← {slug}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Import logs into {slug}</h1>
      {/* Decided on the server: the form is in the first HTML, usable by a folder picked before the scripts run. */}
      {(await pageCan(slug, "write")) ? <ImportView slug={slug} /> : <NoPermission action="write" />}
    </div>
  );
}
