import { describe, expect, it } from "vitest";
import { describeEvent } from "./describe-event";
import type { ProjectEvent } from "./event-types";

const ev = <T extends ProjectEvent["type"]>(type: T, data: ProjectEvent<T>["data"]): ProjectEvent => ({
  id: "1",
  projectId: 1,
  type,
  runId: null,
  actor: { id: "u", name: "Ada" },
  data,
  at: "2026-12-03T00:00:00.000Z",
});

describe("describeEvent", () => {
  it("says what happened to a run, linked to it", () => {
    expect(describeEvent(ev("run.created", { runId: "r1", name: "sgd", status: "running" }), "seg")).toEqual({
      text: "started run sgd",
      href: "/projects/seg/runs/r1",
    });
    expect(describeEvent(ev("run.updated", { runId: "r1", name: "sgd", changes: { status: "crashed", previousStatus: "running" } }), "seg").text).toBe(
      "run sgd crashed (stopped heart-beating)",
    );
    expect(describeEvent(ev("run.updated", { runId: "r1", name: "sgd", changes: { review: "needs-rerun", tags: ["warmup"] } }), "seg").text).toBe(
      "marked run sgd needs rerun; tagged run sgd warmup",
    );
    expect(describeEvent(ev("run.updated", { runId: "r1", name: "sgd", changes: { review: null } }), "seg").text).toBe("cleared the review status of run sgd");
  });

  it("quotes a comment's excerpt and links to the comment on its page", () => {
    const line = describeEvent(
      ev("comment.created", {
        commentId: "c1",
        threadId: "c1",
        runId: "r1",
        runName: "sgd",
        comparisonId: null,
        anchor: { key: "mIoU", x: 1200, axis: "step" },
        mentions: [],
        excerpt: "cut the LR here",
      }),
      "seg",
    );
    expect(line).toEqual({ text: "commented on run sgd at mIoU step 1200: “cut the LR here”", href: "/projects/seg/runs/r1?comment=c1" });
  });

  it("summarises imports and key changes", () => {
    expect(
      describeEvent(
        ev("import.completed", {
          runs: [
            { id: "a", name: "x" },
            { id: "b", name: "y" },
          ],
          format: "keras",
        }),
        "seg",
      ),
    ).toEqual({
      text: "imported 2 runs (keras)",
      href: "/projects/seg",
    });
    expect(describeEvent(ev("key.created", { keyId: 3, name: "ci", scope: "write" }), "seg")).toEqual({
      text: "created a write API key “ci”",
      href: "/projects/seg/keys",
    });
    expect(describeEvent(ev("key.revoked", { keyId: 3, name: null }), "seg")).toEqual({ text: "revoked API key #3", href: "/projects/seg/keys" });
  });

  it("says who joined, changed role or left, linked to the members page", () => {
    expect(describeEvent(ev("member.added", { userId: "u2", name: "Grace", role: "viewer" }), "seg")).toEqual({
      text: "added Grace as viewer",
      href: "/projects/seg/members",
    });
    expect(describeEvent(ev("member.changed", { userId: "u2", name: "Grace", role: "editor" }), "seg").text).toBe("made Grace an editor");
    expect(describeEvent(ev("member.changed", { userId: "u2", name: "Grace", role: "viewer" }), "seg").text).toBe("made Grace a viewer");
    expect(describeEvent(ev("member.removed", { userId: "u2", name: "Grace" }), "seg")).toEqual({
      text: "removed Grace from the project",
      href: "/projects/seg/members",
    });
  });
});
