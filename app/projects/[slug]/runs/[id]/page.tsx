import type { Metadata } from "next";
import { Breadcrumbs } from "@/app/_components/Breadcrumbs";
import { RunView } from "@/app/_components/run/RunView";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, id } = await params;
  return { title: `${id} · ${slug}` };
}

export default async function RunPage({ params }: { params: Params }) {
  const { slug, id } = await params;
  return (
    <div className="space-y-4">
      <Breadcrumbs
        trail={[
          { href: "/", label: "Projects" },
          { href: `/projects/${encodeURIComponent(slug)}`, label: slug },
        ]}
        current="run"
      />
      <RunView runId={id} />
    </div>
  );
}
