/** The review features' API answers as the UI reads them (lib/server/comments, comparisons, alerts, events). */
import type { ProjectEvent } from "@/lib/events/event-types";
import type { CommentView } from "@/lib/server/comments/comment-view";
import type { ComparisonSnapshot } from "@/lib/server/comparisons/comparison-snapshot";

export type Comment = CommentView;
export interface CommentList {
  comments: Comment[];
}

export interface ComparisonSummary {
  id: string;
  name: string;
  description: string | null;
  author: { id: string; name: string };
  runCount: number;
  commentCount: number;
  createdAt: string;
  updatedAt: string;
  url: string;
}
export interface ComparisonList {
  comparisons: ComparisonSummary[];
}

export interface ComparisonDetail extends Omit<ComparisonSummary, "runCount"> {
  project: string;
  state: string;
  compareUrl: string;
  saved: ComparisonSnapshot | null;
  current: ComparisonSnapshot | null;
  changes: { runId: string; name: string; change: string }[];
  canEdit: boolean;
  canDelete: boolean;
}

export interface ActivityPage {
  events: ProjectEvent[];
  nextBefore: string | null;
}

export interface Alert {
  id: number;
  name: string;
  url: string;
  format: "json" | "slack";
  rules: string[];
  plateauEvaluations: number;
  enabled: boolean;
  createdBy: string | null;
  createdAt: string;
  secretPrefix: string;
  secret?: string;
}
export interface AlertList {
  alerts: Alert[];
}

export interface Delivery {
  id: string;
  alertId: number;
  alertName: string;
  rule: string;
  runId: string | null;
  title: string;
  link: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastResponse: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}
export interface DeliveryList {
  deliveries: Delivery[];
}
