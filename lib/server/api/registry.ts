import "server-only";
import { z } from "zod";
import type { Access } from "@/lib/server/auth/access";
import * as A from "@/lib/schemas/auth";
import { ZActivityPage, ZActivityQuery, ZEventsQuery } from "@/lib/schemas/activity";
import { ZAlert, ZAlertList, ZCreateAlert, ZDeliveriesQuery, ZDeliveryList, ZTestAlertQueued, ZUpdateAlert } from "@/lib/schemas/alerts";
import { ZAnalysisQuery, ZRunAnalysisResponse } from "@/lib/schemas/analysis";
import { ZComment, ZCommentList, ZCreateComparisonComment, ZCreateRunComment, ZUpdateComment } from "@/lib/schemas/comments";
import { ZCompareQuery, ZCompareResponse } from "@/lib/schemas/compare";
import { ZComparison, ZComparisonList, ZCreateComparison, ZUpdateComparison } from "@/lib/schemas/comparisons";
import { ZImportDone, ZImportFields, ZImportFormats, ZImportPreview } from "@/lib/schemas/import";
import { parseMetricBatch, ZIngested, ZManySeries, ZMetricBatchWire, ZReadMetrics, ZRunMetrics, ZSeriesQuery } from "@/lib/schemas/metrics";
import { ZCreateProject, ZDemoLoaded, ZProject, ZProjectList, ZUpdateProject } from "@/lib/schemas/projects";
import * as R from "@/lib/schemas/runs";
import { SERIES_BINARY_TYPE } from "@/lib/metrics/series-binary";
import { MAX_BATCH_BYTES } from "./body";

/** An answer that is not JSON (a file, a stream, a redirect): documented, not validated. */
export interface OtherContent {
  contentType: string | null;
  description: string;
}
/** A JSON answer's schema (a codec: z.output is what the handler returns, z.input what is sent), "empty" for 204. */
export type Answer = z.ZodType | OtherContent | "empty";

/**
 * One route and method: everything a caller needs to know about it, and everything apiRoute needs
 * to serve it. The OpenAPI document is generated from these entries, and every answer of the
 * integration suite is checked against `responses` (ANNEAL_CHECK_RESPONSES).
 */
export interface RouteEntry {
  summary: string;
  description?: string;
  /** Who may call it (lib/server/auth/access.ts); checked before the body is read. */
  access: Access;
  /** The JSON body: parsed with this schema, or with `parseBody` when given (the schema then documents it). */
  body?: z.ZodType;
  parseBody?: (raw: unknown) => unknown;
  /** A multipart/form-data body the handler reads itself: its text fields, documented. */
  form?: z.ZodType;
  /** Largest JSON body accepted (checked while reading, before parsing); default DEFAULT_MAX_JSON_BYTES. */
  maxBodyBytes?: number;
  query?: z.ZodObject;
  /** Status → answer. A handler's plain object goes out with the only 2xx status listed with a schema. */
  responses: Record<number, Answer>;
  /** Another content type the 2xx answer may take instead of JSON (asked for in the query). */
  otherContent?: OtherContent;
  /** Served outside apiRoute (MLflow's API, which has its own error shape and endpoint table): documented from that table. */
  servedBy?: "mlflow";
}

const PROJECT = { param: "slug", is: "slug" } as const;
const RUN = { param: "id", is: "run" } as const;
const COMPARISON = { param: "id", is: "comparison" } as const;
const ALERT = { param: "id", is: "alert" } as const;
const COMMENT = { param: "id", is: "comment" } as const;

const csv: OtherContent = { contentType: "text/csv", description: "Every point, one row per step: step, epoch, time, then one column per key (streamed)" };
const redirect: OtherContent = { contentType: null, description: "Redirect (Location)" };
const mlflowJson: OtherContent = { contentType: "application/json", description: "MLflow's answer, in MLflow's shape (errors: {error_code, message})" };
/** A route of MLflow's API: its project is named in the body (or query), its answers in MLflow's shape. */
const mlflowRoute = (summary: string, need: "read" | "write") =>
  ({ summary, access: { need, project: "in-body" }, responses: { 200: mlflowJson }, servedBy: "mlflow" }) as const;

/**
 * THE ROUTE REGISTRY: one entry per route file and method under app/api, keyed "METHOD /path" with
 * the file path's brackets ([id], [...path]). A route is `apiRoute("METHOD /path", handler)`; a route
 * file without an entry fails tests/integration/openapi.test.ts.
 */
export const ROUTES = {
  "GET /api/v1/health": {
    summary: "Health check: answers when the database does (load balancers, uptime checks)",
    access: "public",
    responses: { 200: A.ZHealth },
  },
  "GET /api/v1/openapi.json": {
    summary: "This OpenAPI 3.1 document",
    access: "signed-in",
    responses: { 200: z.record(z.string(), z.unknown()) },
  },

  // ---- Accounts and sessions (team mode) ----
  "POST /api/v1/auth/login": {
    summary: "Sign in with email and password: the user and a session cookie",
    description: "401 for a wrong email or password, 429 after too many failures, 400 in local mode.",
    access: "public",
    body: A.ZLogin,
    maxBodyBytes: 4096,
    responses: { 200: A.ZSignedIn },
  },
  "POST /api/v1/auth/logout": { summary: "End this browser's session", access: "public", responses: { 204: "empty" } },
  "GET /api/v1/auth/session": { summary: "The server's mode and who the caller is", access: "public", responses: { 200: A.ZSessionInfo } },
  "POST /api/v1/auth/password": {
    summary: "Change the caller's password (their other sessions end)",
    access: "person",
    body: A.ZChangePassword,
    maxBodyBytes: 4096,
    responses: { 204: "empty" },
  },
  "DELETE /api/v1/auth/sessions": { summary: "Sign out everywhere (every session of the caller)", access: "person", responses: { 200: A.ZSessionsRevoked } },
  "GET /api/v1/auth/oidc": {
    summary: "Start an OpenID Connect sign-in (?next=/path): redirects to the provider",
    access: "public",
    responses: { 302: redirect },
  },
  "GET /api/v1/auth/callback/[providerId]": {
    summary: "Where the OpenID Connect provider sends the browser back",
    access: "public",
    responses: { 302: redirect },
  },
  "GET /api/v1/admin/users": { summary: "List accounts", access: "admin", responses: { 200: A.ZUserList } },
  "POST /api/v1/admin/users": { summary: "Create an account", access: "admin", body: A.ZCreateUser, responses: { 201: A.ZUser } },
  "PATCH /api/v1/admin/users/[id]": {
    summary: "Disable (signs out everywhere) or enable an account, grant or drop admin, set a password",
    access: "admin",
    body: A.ZUpdateUser,
    responses: { 200: A.ZUser },
  },
  "GET /api/v1/admin/invites": { summary: "List invitations", access: "admin", responses: { 200: A.ZInviteList } },
  "POST /api/v1/admin/invites": {
    summary: "Invite someone: the link (in this answer only) lets them pick a password, optionally joining a project with a role",
    access: "admin",
    body: A.ZCreateInvite,
    responses: { 201: A.ZCreatedInvite },
  },
  "DELETE /api/v1/admin/invites/[id]": { summary: "Revoke an invitation", access: "admin", responses: { 204: "empty" } },
  "GET /api/v1/admin/audit": {
    summary: "Audit log (sign-ins, keys, roles, accounts), newest first",
    access: "admin",
    query: A.ZAuditQuery,
    responses: { 200: A.ZAuditPage },
  },
  "GET /api/v1/invites/[token]": { summary: "What an invitation is for (the link is the credential)", access: "public", responses: { 200: A.ZInvite } },
  "POST /api/v1/invites/[token]": {
    summary: "Accept an invitation: creates the account and signs it in",
    access: "public",
    body: A.ZAcceptInvite,
    maxBodyBytes: 4096,
    responses: { 201: A.ZInviteAccepted },
  },

  // ---- Projects ----
  "GET /api/v1/projects": { summary: "List the projects the caller may read", access: "signed-in", responses: { 200: ZProjectList } },
  "POST /api/v1/projects": {
    summary: "Create a project (409 if the slug is taken)",
    access: "person",
    body: ZCreateProject,
    responses: { 201: ZProject },
  },
  "GET /api/v1/projects/[slug]": { summary: "Get a project", access: { need: "read", project: PROJECT }, responses: { 200: ZProject } },
  "PATCH /api/v1/projects/[slug]": {
    summary: "Update a project (name, description, main metric)",
    description: '`mainMetric` (default mIoU, mode max) is what "best" ranks by.',
    access: { need: "manage", project: PROJECT },
    body: ZUpdateProject,
    responses: { 200: ZProject },
  },
  "GET /api/v1/projects/[slug]/members": { summary: "List a project's members", access: { need: "read", project: PROJECT }, responses: { 200: A.ZMemberList } },
  "POST /api/v1/projects/[slug]/members": {
    summary: "Add an account to a project by email (or change its role)",
    access: { need: "manage", project: PROJECT },
    body: A.ZAddMember,
    responses: { 201: A.ZMember },
  },
  "PATCH /api/v1/projects/[slug]/members/[userId]": {
    summary: "Change a member's role",
    access: { need: "manage", project: PROJECT },
    body: A.ZChangeMember,
    responses: { 200: A.ZMember },
  },
  "DELETE /api/v1/projects/[slug]/members/[userId]": {
    summary: "Remove a member",
    access: { need: "manage", project: PROJECT },
    responses: { 204: "empty" },
  },
  "GET /api/v1/projects/[slug]/keys": { summary: "List a project's API keys", access: { need: "manage", project: PROJECT }, responses: { 200: A.ZApiKeyList } },
  "POST /api/v1/projects/[slug]/keys": {
    summary: "Create an API key (the key is in this answer only)",
    access: { need: "manage", project: PROJECT },
    body: A.ZCreateKey,
    responses: { 201: A.ZCreatedApiKey },
  },
  "DELETE /api/v1/projects/[slug]/keys/[id]": { summary: "Revoke an API key", access: { need: "manage", project: PROJECT }, responses: { 204: "empty" } },
  "POST /api/v1/demo": { summary: "Load the example runs into project 'demo' (idempotent)", access: "person", responses: { 200: ZDemoLoaded } },

  // ---- Runs ----
  "GET /api/v1/runs": {
    summary: "List a project's runs (filter, search, sort, page)",
    access: { need: "read", project: { query: "project", is: "slug" } },
    query: R.ZListRuns,
    responses: { 200: R.ZRunList },
  },
  "POST /api/v1/runs": {
    summary: "Create a run (idempotent by externalId; the project is created when missing)",
    access: { need: "write", project: "in-body" },
    body: R.ZCreateRun,
    responses: { 201: R.ZCreatedRun, 200: R.ZCreatedRun },
  },
  "GET /api/v1/runs/[id]": {
    summary: "Get a run with config, summary and metric ranges",
    access: { need: "read", project: RUN },
    responses: { 200: R.ZRunDetail },
  },
  "PATCH /api/v1/runs/[id]": {
    summary: "Update status, name, tags, notes, review; merge config and summary",
    access: { need: "write", project: RUN },
    body: R.ZUpdateRun,
    responses: { 200: R.ZRunDetail },
  },
  "DELETE /api/v1/runs/[id]": { summary: "Delete a run", access: { need: "manage", project: RUN }, responses: { 204: "empty" } },
  "POST /api/v1/runs/[id]/heartbeat": { summary: "Mark a run alive", access: { need: "write", project: RUN }, responses: { 204: "empty" } },
  "POST /api/v1/runs/bulk": {
    summary: "Set a review status and/or edit tags of runs of one project, all or nothing",
    access: { need: "write", project: "in-body" },
    body: R.ZBulkUpdateRuns,
    responses: { 200: R.ZBulkUpdated },
  },
  "GET /api/v1/runs/diagnosis": {
    summary: "Per run: the recognised schedule and a live plateau badge (the runs table)",
    access: { need: "read", project: { query: "ids", is: "runs" } },
    query: R.ZDiagnosisQuery,
    responses: { 200: R.ZRunDiagnosisList },
  },
  "GET /api/v1/runs/[id]/artifacts": {
    summary: "A run's artifact files (logged through the MLflow artifact proxy)",
    access: { need: "read", project: RUN },
    responses: { 200: R.ZRunArtifacts },
  },

  // ---- Metrics ----
  "POST /api/v1/runs/[id]/metrics": {
    summary: "Log a batch of metrics (all or nothing; batchId makes retries safe)",
    access: { need: "write", project: RUN },
    body: ZMetricBatchWire,
    parseBody: parseMetricBatch,
    maxBodyBytes: MAX_BATCH_BYTES,
    responses: { 200: ZIngested },
  },
  "GET /api/v1/runs/[id]/metrics": {
    summary: "Read series, downsampled with min/max per bucket, optionally smoothed (streamed)",
    access: { need: "read", project: RUN },
    query: ZReadMetrics,
    responses: { 200: ZRunMetrics },
  },
  "GET /api/v1/series": {
    summary: "Read series of many runs at once (compare charts); format=binary for float frames",
    access: { need: "read", project: { query: "runs", is: "runs" } },
    query: ZSeriesQuery,
    responses: { 200: ZManySeries },
    otherContent: {
      contentType: SERIES_BINARY_TYPE,
      description: "format=binary: JSON frame headers and float arrays (reference decoder: lib/metrics/series-binary.ts)",
    },
  },
  "GET /api/v1/runs/[id]/metrics.csv": { summary: "Every point as CSV (streamed)", access: { need: "read", project: RUN }, responses: { 200: csv } },

  // ---- Import ----
  "POST /api/v1/import": {
    summary: "Import framework log files (multipart/form-data: files plus these fields); preview=true writes nothing",
    access: { need: "write", project: "in-body" },
    form: ZImportFields,
    responses: { 200: ZImportPreview, 201: ZImportDone },
  },
  "GET /api/v1/import/formats": {
    summary: "The log formats import reads, with detection rules and examples",
    access: "signed-in",
    responses: { 200: ZImportFormats },
  },

  // ---- Analysis and comparison ----
  "GET /api/v1/runs/[id]/analysis": {
    summary: "Schedule recognition, plateaus, ReduceLROnPlateau replay, events and advice for a run",
    access: { need: "read", project: RUN },
    query: ZAnalysisQuery,
    responses: { 200: ZRunAnalysisResponse },
  },
  "GET /api/v1/compare": {
    summary: "Compare runs: config diff, per-run summary, arms and the verdict",
    access: { need: "read", project: { query: "runs", is: "runs" } },
    query: ZCompareQuery,
    responses: { 200: ZCompareResponse },
  },

  // ---- Review ----
  "GET /api/v1/runs/[id]/comments": { summary: "A run's comments", access: { need: "read", project: RUN }, responses: { 200: ZCommentList } },
  "POST /api/v1/runs/[id]/comments": {
    summary: "Comment on a run, optionally anchored to a point of a chart (viewers may comment)",
    access: { need: "read", project: RUN },
    body: ZCreateRunComment,
    responses: { 201: ZComment },
  },
  "PATCH /api/v1/comments/[id]": {
    summary: "Edit a comment (its author)",
    access: { need: "read", project: COMMENT },
    body: ZUpdateComment,
    responses: { 200: ZComment },
  },
  "DELETE /api/v1/comments/[id]": {
    summary: "Delete a comment (its author or an owner)",
    access: { need: "read", project: COMMENT },
    responses: { 204: "empty" },
  },
  "GET /api/v1/projects/[slug]/comparisons": {
    summary: "A project's saved comparisons, newest first",
    access: { need: "read", project: PROJECT },
    responses: { 200: ZComparisonList },
  },
  "POST /api/v1/projects/[slug]/comparisons": {
    summary: "Save a comparison (the compare view's state) with its verdict as it is now",
    access: { need: "write", project: PROJECT },
    body: ZCreateComparison,
    responses: { 201: ZComparison },
  },
  "GET /api/v1/comparisons/[id]": {
    summary: "A saved comparison: the view, the verdict as saved and now, what changed since",
    access: { need: "read", project: COMPARISON },
    responses: { 200: ZComparison },
  },
  "PATCH /api/v1/comparisons/[id]": {
    summary: "Rename, describe or re-save a comparison",
    access: { need: "write", project: COMPARISON },
    body: ZUpdateComparison,
    responses: { 200: ZComparison },
  },
  "DELETE /api/v1/comparisons/[id]": {
    summary: "Delete a saved comparison (its author or an owner)",
    access: { need: "write", project: COMPARISON },
    responses: { 204: "empty" },
  },
  "GET /api/v1/comparisons/[id]/comments": {
    summary: "A saved comparison's comments",
    access: { need: "read", project: COMPARISON },
    responses: { 200: ZCommentList },
  },
  "POST /api/v1/comparisons/[id]/comments": {
    summary: "Comment on a saved comparison, optionally anchored to a chart point",
    access: { need: "read", project: COMPARISON },
    body: ZCreateComparisonComment,
    responses: { 201: ZComment },
  },
  "GET /api/v1/projects/[slug]/activity": {
    summary: "The project's activity feed, newest first, paged by event id",
    access: { need: "read", project: PROJECT },
    query: ZActivityQuery,
    responses: { 200: ZActivityPage },
  },
  "GET /api/v1/projects/[slug]/events": {
    summary: "Live project events (Server-Sent Events; resume with Last-Event-ID or ?lastEventId=)",
    access: { need: "read", project: PROJECT },
    query: ZEventsQuery,
    responses: {
      200: { contentType: "text/event-stream", description: "One `event:`/`id:`/`data:` block per project event (data: the event as in the activity feed)" },
    },
  },
  "GET /api/v1/projects/[slug]/alerts": { summary: "A project's webhook alerts", access: { need: "read", project: PROJECT }, responses: { 200: ZAlertList } },
  "POST /api/v1/projects/[slug]/alerts": {
    summary: "Create a webhook alert (the signing secret is in this answer only)",
    access: { need: "write", project: PROJECT },
    body: ZCreateAlert,
    responses: { 201: ZAlert },
  },
  "GET /api/v1/projects/[slug]/alert-deliveries": {
    summary: "The alert delivery log, newest first",
    access: { need: "read", project: PROJECT },
    query: ZDeliveriesQuery,
    responses: { 200: ZDeliveryList },
  },
  "PATCH /api/v1/alerts/[id]": {
    summary: "Change an alert (rotateSecret: a new secret, in this answer only)",
    access: { need: "write", project: ALERT },
    body: ZUpdateAlert,
    responses: { 200: ZAlert },
  },
  "DELETE /api/v1/alerts/[id]": { summary: "Delete an alert", access: { need: "write", project: ALERT }, responses: { 204: "empty" } },
  "POST /api/v1/alerts/[id]/test": {
    summary: "Queue a test delivery of an alert",
    access: { need: "write", project: ALERT },
    responses: { 202: ZTestAlertQueued },
  },

  // ---- MLflow's REST API (docs/mlflow.md): documented per endpoint from lib/server/mlflow/endpoints.ts ----
  "GET /api/2.0/mlflow/[...path]": mlflowRoute("MLflow tracking API", "read"),
  "POST /api/2.0/mlflow/[...path]": mlflowRoute("MLflow tracking API", "write"),
  // MLflow 3's logged models: finalize and tags (PATCH), delete a model or a tag (DELETE).
  "PATCH /api/2.0/mlflow/[...path]": mlflowRoute("MLflow tracking API", "write"),
  "DELETE /api/2.0/mlflow/[...path]": mlflowRoute("MLflow tracking API", "write"),
  "GET /api/2.0/mlflow-artifacts/artifacts/[[...path]]": mlflowRoute("MLflow artifact proxy", "read"),
  "PUT /api/2.0/mlflow-artifacts/artifacts/[[...path]]": mlflowRoute("MLflow artifact proxy", "write"),
  "DELETE /api/2.0/mlflow-artifacts/artifacts/[[...path]]": mlflowRoute("MLflow artifact proxy", "write"),
} as const satisfies Record<string, RouteEntry>;

export type RouteKey = keyof typeof ROUTES;
/** Routes served by apiRoute (MLflow's are served by lib/server/mlflow/route.ts). */
export type ApiRouteKey = { [K in RouteKey]: (typeof ROUTES)[K] extends { servedBy: string } ? never : K }[RouteKey];
