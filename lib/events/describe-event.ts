import { REVIEW_LABELS, isReviewStatus } from "@/lib/review/review-status";
import { comparisonPath, keysPath, membersPath, projectPath, runPath } from "@/lib/review/paths";
import type { ProjectEvent } from "./event-types";

/** One activity-feed line: what happened (after the actor's name) and where to see it. Plain text, rendered as text. */
export interface EventLine {
  text: string;
  href: string | null;
}

const quote = (s: string) => `“${s}”`;

export function describeEvent(e: ProjectEvent, slug: string): EventLine {
  const run = (id: string) => runPath(slug, id);
  switch (e.type) {
    case "run.created": {
      const d = e.data as ProjectEvent<"run.created">["data"];
      return { text: `${d.imported ? "imported" : "started"} run ${d.name}`, href: run(d.runId) };
    }
    case "run.updated": {
      const d = e.data as ProjectEvent<"run.updated">["data"];
      const c = d.changes;
      const name = `run ${d.name}`;
      const parts: string[] = [];
      if (c.status) parts.push(c.status === "running" && c.previousStatus === "crashed" ? `${name} came back to life` : `${name} ${statusVerb(c.status)}`);
      if (c.review !== undefined)
        parts.push(c.review && isReviewStatus(c.review) ? `marked ${name} ${REVIEW_LABELS[c.review].toLowerCase()}` : `cleared the review status of ${name}`);
      if (c.tags) parts.push(c.tags.length ? `tagged ${name} ${c.tags.join(", ")}` : `removed the tags of ${name}`);
      if (c.name) parts.push(`renamed a run to ${c.name}`);
      if (c.notes !== undefined) parts.push(`edited the notes of ${name}`);
      return { text: parts.join("; "), href: run(d.runId) };
    }
    case "run.deleted":
      return { text: `deleted run ${(e.data as ProjectEvent<"run.deleted">["data"]).name}`, href: null };
    case "comment.created": {
      const d = e.data as ProjectEvent<"comment.created">["data"];
      const where = d.comparisonId ? "a comparison" : `run ${d.runName ?? d.runId}`;
      const at = d.anchor ? ` at ${d.anchor.key} ${d.anchor.axis} ${d.anchor.x}` : "";
      const href = d.comparisonId ? comparisonPath(slug, d.comparisonId) : run(d.runId!);
      return { text: `commented on ${where}${at}: ${quote(d.excerpt)}`, href: `${href}?comment=${d.commentId}` };
    }
    case "comparison.saved": {
      const d = e.data as ProjectEvent<"comparison.saved">["data"];
      return { text: `${d.created ? "saved" : "updated"} the comparison ${quote(d.name)}`, href: comparisonPath(slug, d.comparisonId) };
    }
    case "comparison.deleted":
      return { text: `deleted the comparison ${quote((e.data as ProjectEvent<"comparison.deleted">["data"]).name)}`, href: null };
    case "import.completed": {
      const d = e.data as ProjectEvent<"import.completed">["data"];
      const n = d.runs.length;
      return {
        text: `imported ${n === 1 ? `run ${d.runs[0].name}` : `${n} runs`}${d.format ? ` (${d.format})` : ""}`,
        href: n === 1 ? run(d.runs[0].id) : projectPath(slug),
      };
    }
    case "key.created": {
      const d = e.data as ProjectEvent<"key.created">["data"];
      return { text: `created a ${d.scope} API key${d.name ? ` ${quote(d.name)}` : ""}`, href: keysPath(slug) };
    }
    case "key.revoked": {
      const d = e.data as ProjectEvent<"key.revoked">["data"];
      return { text: `revoked API key${d.name ? ` ${quote(d.name)}` : ` #${d.keyId}`}`, href: keysPath(slug) };
    }
    case "member.added":
    case "member.changed": {
      const d = e.data as ProjectEvent<"member.added">["data"];
      const role = `${/^[aeiou]/.test(d.role) ? "an" : "a"} ${d.role}`;
      return { text: e.type === "member.added" ? `added ${d.name} as ${d.role}` : `made ${d.name} ${role}`, href: membersPath(slug) };
    }
    case "member.removed":
      return { text: `removed ${(e.data as ProjectEvent<"member.removed">["data"]).name} from the project`, href: membersPath(slug) };
    case "alert.changed": {
      const d = e.data as ProjectEvent<"alert.changed">["data"];
      return { text: `${d.action} the alert ${quote(d.name)}`, href: `${projectPath(slug)}/alerts` };
    }
    default:
      return { text: e.type, href: null };
  }
}

function statusVerb(status: string): string {
  return (
    { finished: "finished", failed: "failed", killed: "was killed", crashed: "crashed (stopped heart-beating)", running: "is running again" }[status] ??
    `is ${status}`
  );
}
