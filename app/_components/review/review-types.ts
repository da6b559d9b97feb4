/** The review features' API answers as the UI reads them, inferred from their response schemas (lib/schemas). */
import type { Wire } from "@/lib/schemas/wire";
import type { ZComment, ZCommentList } from "@/lib/schemas/comments";
import type { ZComparison, ZComparisonList, ZComparisonSummary } from "@/lib/schemas/comparisons";
import type { ZActivityPage } from "@/lib/schemas/activity";
import type { ProjectEvent } from "@/lib/events/event-types";
import type { ZAlert, ZAlertList, ZDelivery, ZDeliveryList } from "@/lib/schemas/alerts";

export type Comment = Wire<typeof ZComment>;
export type CommentList = Wire<typeof ZCommentList>;
export type ComparisonSummary = Wire<typeof ZComparisonSummary>;
export type ComparisonList = Wire<typeof ZComparisonList>;
export type ComparisonDetail = Wire<typeof ZComparison>;
/** The schema checks each event's envelope; the fields per event type are lib/events/event-types.ts (shared with the live stream). */
export type ActivityPage = Omit<Wire<typeof ZActivityPage>, "events"> & { events: ProjectEvent[] };
export type Alert = Wire<typeof ZAlert>;
export type AlertList = Wire<typeof ZAlertList>;
export type Delivery = Wire<typeof ZDelivery>;
export type DeliveryList = Wire<typeof ZDeliveryList>;
