import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as runComments from "@/app/api/v1/runs/[id]/comments/route";
import * as comment from "@/app/api/v1/comments/[id]/route";
import { getDatabase } from "@/lib/db";
import { MAX_COMMENT_CHARS, MAX_COMMENTS_PER_SUBJECT } from "@/lib/schemas/comments";
import { call, uniqueSlug } from "./http";

async function runWithPoints() {
  const project = uniqueSlug("cm");
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project } });
  const id = r.json.id as string;
  await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body: { step: [0, 100, 200], values: { mIoU: [0.1, 0.3, 0.35] } } });
  return { id, project };
}

const post = (id: string, body: unknown) => call(runComments.POST, "POST", `/api/v1/runs/${id}/comments`, { params: { id }, body });
const list = async (id: string) => (await call(runComments.GET, "GET", `/api/v1/runs/${id}/comments`, { params: { id } })).json.comments as any[];

describe("comments on runs", () => {
  it("posts a comment anchored to (key, step), lists it, links to it", async () => {
    const { id, project } = await runWithPoints();
    const res = await post(id, { body: "It plateaued at **step 200** — cut the LR there", anchor: { key: "mIoU", step: 200 } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      runId: id,
      comparisonId: null,
      parentId: null,
      anchor: { key: "mIoU", step: 200 },
      body: "It plateaued at **step 200** — cut the LR there",
      author: { id: "local" },
      canEdit: true,
      canDelete: true,
      deleted: false,
    });
    expect(res.json.threadId).toBe(res.json.id);
    expect(res.json.url).toMatch(new RegExp(`/projects/${project}/runs/${id}\\?comment=${res.json.id}$`));
    expect(await list(id)).toEqual([res.json]);
  });

  it("threads replies under the root, even when replying to a reply; a reply can't carry its own anchor", async () => {
    const { id } = await runWithPoints();
    const root = (await post(id, { body: "why did SGD win?", anchor: { key: "mIoU", step: 100 } })).json;
    const r1 = (await post(id, { body: "warmup", parentId: root.id })).json;
    const r2 = await post(id, { body: "and the LR", parentId: r1.id });
    expect(r2.status).toBe(201);
    expect(r2.json).toMatchObject({ parentId: root.id, threadId: root.id });
    const bad = await post(id, { body: "x", parentId: root.id, anchor: { key: "mIoU", step: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("anchor");
    const unknown = await post(id, { body: "x", parentId: "nope" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details[0].path).toBe("parentId");
    expect((await list(id)).map((c) => c.body)).toEqual(["why did SGD win?", "warmup", "and the LR"]);
  });

  it("rejects bad input with the field at fault", async () => {
    const { id } = await runWithPoints();
    const cases: [unknown, string][] = [
      [{ body: "" }, "body"],
      [{ body: "   " }, "body"],
      [{ body: "x".repeat(MAX_COMMENT_CHARS + 1) }, "body"],
      [{ body: "x", anchor: { key: "loss", step: 1 } }, "anchor.key"],
      [{ body: "x", anchor: { key: "mIoU", step: -1 } }, "anchor.step"],
      [{ body: "x", anchor: { key: "mIoU", step: 1.5 } }, "anchor.step"],
    ];
    for (const [body, path] of cases) {
      const r = await post(id, body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.json.error.details[0].path).toBe(path);
    }
    expect(await list(id)).toEqual([]);
    expect((await post("no-such-run", { body: "x" })).status).toBe(404);
  });

  it("edits (author only, marked edited) and deletes; a deleted root with replies stays as a placeholder", async () => {
    const { id } = await runWithPoints();
    const root = (await post(id, { body: "first" })).json;
    const reply = (await post(id, { body: "reply", parentId: root.id })).json;
    const edited = await call(comment.PATCH, "PATCH", `/api/v1/comments/${root.id}`, { params: { id: root.id }, body: { body: "first, edited" } });
    expect(edited.status).toBe(200);
    expect(edited.json.body).toBe("first, edited");
    expect(edited.json.editedAt).not.toBeNull();

    expect((await call(comment.DELETE, "DELETE", `/api/v1/comments/${root.id}`, { params: { id: root.id } })).status).toBe(204);
    let all = await list(id);
    expect(all.map((c) => [c.id, c.deleted, c.body])).toEqual([
      [root.id, true, ""],
      [reply.id, false, "reply"],
    ]);
    expect(all[0]).toMatchObject({ canEdit: false, canDelete: false });
    // Editing or deleting a deleted comment: 404.
    expect((await call(comment.PATCH, "PATCH", `/api/v1/comments/${root.id}`, { params: { id: root.id }, body: { body: "x" } })).status).toBe(404);
    // The last reply goes: the placeholder has nothing left to hold and goes too.
    expect((await call(comment.DELETE, "DELETE", `/api/v1/comments/${reply.id}`, { params: { id: reply.id } })).status).toBe(204);
    all = await list(id);
    expect(all).toEqual([]);
  });

  it("another author's comment can't be edited (403)", async () => {
    const { id } = await runWithPoints();
    const c = (await post(id, { body: "mine" })).json;
    const db = await getDatabase();
    await db.sql.query(`UPDATE comments SET author_id = 'someone-else' WHERE id = $1`, [c.id]);
    const r = await call(comment.PATCH, "PATCH", `/api/v1/comments/${c.id}`, { params: { id: c.id }, body: { body: "not mine" } });
    expect(r.status).toBe(403);
    expect((await list(id))[0]).toMatchObject({ body: "mine", canEdit: false });
  });

  it(`holds at most ${MAX_COMMENTS_PER_SUBJECT} comments per run (409 past that)`, async () => {
    const { id } = await runWithPoints();
    const db = await getDatabase();
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id } });
    await db.sql.query(
      `INSERT INTO comments (id, project_id, run_id, author_id, author_name, body)
       SELECT 'bulk' || g || $2, $1, $2, 'local', 'local user', 'x' FROM generate_series(1, $3) g`,
      [run.projectId, id, MAX_COMMENTS_PER_SUBJECT],
    );
    const r = await post(id, { body: "one too many" });
    expect(r.status).toBe(409);
    expect(r.json.error.message).toContain(String(MAX_COMMENTS_PER_SUBJECT));
  });

  it("stores Markdown as text: HTML and script in a body come back verbatim, never interpreted", async () => {
    const { id } = await runWithPoints();
    const payload = `<img src=x onerror="alert(1)"><script>alert(2)</script>[x](javascript:alert(3))`;
    const r = await post(id, { body: payload });
    expect(r.status).toBe(201);
    expect((await list(id))[0].body).toBe(payload);
  });
});
