import { describe, expect, it } from "vitest";
import * as activity from "@/app/api/v1/projects/[slug]/activity/route";
import * as runs from "@/app/api/v1/runs/route";
import { getDatabase } from "@/lib/db";
import { readEventsAfter } from "@/lib/server/events/read-events";
import { call, uniqueSlug } from "./http";

// Event ids are read as text (bigint in JSON): the order must still be the ids', not the texts'
// ("9" sorts after "10" as text). Seen as a flaky team/activity test when the suite's ids crossed 10.
describe("event order across a power of ten of event ids", () => {
  it("the activity feed lists newest first and a resumed stream replays oldest first, by id as a number", async () => {
    const db = await getDatabase();
    const [{ seq, last }] = await db.sql.query<{ seq: string; last: string }>(
      `SELECT pg_get_serial_sequence('project_events', 'id') AS seq, (SELECT coalesce(max(id), 0) FROM project_events)::text AS last`,
    );
    // Next ids just below the next power of ten that leaves room for other test files' events.
    const power = 10 ** String(Number(last) + 50).length;
    await db.sql.query(`SELECT setval($1::regclass, $2::bigint)`, [seq, power - 3]);

    const project = uniqueSlug("order");
    const made: string[] = [];
    // Until this project's events straddle the power of ten (other test files may take ids meanwhile).
    for (let i = 0; i < 40 && !(made.length >= 2 && made[0].length < made[made.length - 1].length); i++) {
      const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: `r${i}` } });
      expect(r.status).toBe(201);
      made.push((await db.sql.query<{ id: string }>(`SELECT max(id)::text AS id FROM project_events WHERE run_id = $1`, [r.json.id]))[0].id);
    }
    expect(made[0].length).toBeLessThan(made[made.length - 1].length);
    const numeric = (ids: string[]) => ids.map(BigInt);

    const feed = await call(activity.GET, "GET", `/api/v1/projects/${project}/activity`, { params: { slug: project } });
    expect(feed.status).toBe(200);
    const listed = (feed.json as { events: { id: string; type: string }[] }).events.filter((e) => e.type === "run.created").map((e) => e.id);
    expect(numeric(listed)).toEqual(numeric([...made].reverse()));

    const { id: projectId } = await db.prisma.project.findUniqueOrThrow({ where: { slug: project } });
    const replayed = await readEventsAfter(db.sql, { projectId, afterId: "0", limit: 100 });
    expect(numeric(replayed.filter((e) => e.type === "run.created").map((e) => e.id))).toEqual(numeric(made));
  });
});
