import Link from "next/link";

/** "Projects / demo / run" trail; the last item is the current page. */
export function Breadcrumbs({ trail, current }: { trail: { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
      <ol className="flex flex-wrap gap-1">
        {trail.map((item) => (
          <li key={item.href} className="after:ml-1 after:content-['/']">
            <Link href={item.href} className="link">
              {item.label}
            </Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

/** "Projects / <slug> / current": the trail of every page inside a project. */
export function ProjectBreadcrumbs({ slug, current }: { slug: string; current: string }) {
  return (
    <Breadcrumbs
      trail={[
        { href: "/", label: "Projects" },
        { href: `/projects/${encodeURIComponent(slug)}`, label: slug },
      ]}
      current={current}
    />
  );
}
