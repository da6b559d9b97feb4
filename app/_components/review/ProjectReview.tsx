"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { describeEvent } from "@/lib/events/describe-event";
import { comparisonPath } from "@/lib/review/paths";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { RelativeTime } from "../RelativeTime";
import { activityQuery, comparisonsQuery } from "../query/queries";

/** The project page's review column: its saved comparisons and what happened lately (both live). */
export function ProjectReview({ slug }: { slug: string }) {
  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <ComparisonList slug={slug} />
      <ActivityFeed slug={slug} />
    </div>
  );
}

function ComparisonList({ slug }: { slug: string }) {
  const list = useQuery(comparisonsQuery(slug));
  return (
    <section aria-labelledby="comparisons-h" className="space-y-2" data-testid="comparisons">
      <h2 id="comparisons-h" className="text-base font-semibold">
        Saved comparisons
      </h2>
      {list.error && <ErrorNotice message={list.error.message} onRetry={() => void list.refetch()} />}
      {list.isPending && <SkeletonRows rows={2} label="Loading comparisons" />}
      {list.data?.comparisons.length === 0 && (
        <p className="text-sm text-slate-500 dark:text-slate-400">None yet: select runs, press Compare, then “Save comparison”.</p>
      )}
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {list.data?.comparisons.map((c) => (
          <li key={c.id} className="py-2 text-sm">
            <Link className="link font-medium" href={comparisonPath(slug, c.id)}>
              {c.name}
            </Link>
            <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">
              {c.runCount} runs · {c.commentCount} comments · {c.author.name}, <RelativeTime iso={c.updatedAt} />
            </span>
            {c.description && <p className="truncate text-xs text-slate-600 dark:text-slate-400">{c.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ActivityFeed({ slug }: { slug: string }) {
  const feed = useQuery(activityQuery(slug));
  return (
    <section aria-labelledby="activity-h" className="space-y-2" data-testid="activity">
      <h2 id="activity-h" className="text-base font-semibold">
        Activity
      </h2>
      {feed.error && <ErrorNotice message={feed.error.message} onRetry={() => void feed.refetch()} />}
      {feed.isPending && <SkeletonRows rows={3} label="Loading activity" />}
      {feed.data?.events.length === 0 && <p className="text-sm text-slate-500 dark:text-slate-400">Nothing yet.</p>}
      <ol className="space-y-1 text-sm">
        {feed.data?.events.map((e) => {
          const line = describeEvent(e, slug);
          return (
            <li key={e.id} data-testid="activity-item" data-type={e.type} className="flex gap-2">
              <span className="shrink-0 text-xs text-slate-500 tabular-nums dark:text-slate-400">
                <RelativeTime iso={e.at} />
              </span>
              <span className="min-w-0 break-words">
                <span className="font-medium">{e.actor?.name ?? "Anneal"}</span>{" "}
                {line.href ? (
                  <Link className="link" href={line.href}>
                    {line.text}
                  </Link>
                ) : (
                  line.text
                )}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
