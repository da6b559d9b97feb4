/** A run's review status, set by editors; at most one run per project is the baseline. Pure: server and UI share it. */
export const REVIEW_STATUSES = ["baseline", "candidate", "approved", "rejected", "needs-rerun"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_LABELS: Record<ReviewStatus, string> = {
  baseline: "Baseline",
  candidate: "Candidate",
  approved: "Approved",
  rejected: "Rejected",
  "needs-rerun": "Needs rerun",
};

/** Sort order of `sort=review`: the baseline first, then what still needs a decision, then decided runs; none last. */
export const REVIEW_ORDER: readonly ReviewStatus[] = ["baseline", "candidate", "needs-rerun", "approved", "rejected"];

export function isReviewStatus(v: unknown): v is ReviewStatus {
  return typeof v === "string" && (REVIEW_STATUSES as readonly string[]).includes(v);
}
