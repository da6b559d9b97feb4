import { REVIEW_LABELS, type ReviewStatus } from "@/lib/review/review-status";

const STYLES: Record<ReviewStatus, string> = {
  baseline: "bg-violet-100 text-violet-800 ring-violet-300 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-800",
  candidate: "bg-sky-100 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800",
  approved: "bg-emerald-100 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  rejected: "bg-red-100 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  "needs-rerun": "bg-amber-100 text-amber-900 ring-amber-400 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-700",
};

/** A run's review status as a pill (nothing when it has none). */
export function ReviewBadge({ review, by }: { review: ReviewStatus | null; by?: string | null }) {
  if (!review) return null;
  return (
    <span
      data-testid="review-badge"
      data-review={review}
      title={by ? `${REVIEW_LABELS[review]} — set by ${by}` : REVIEW_LABELS[review]}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[review]}`}
    >
      {REVIEW_LABELS[review]}
    </span>
  );
}
