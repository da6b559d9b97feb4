import { describe, expect, it } from "vitest";
import * as projects from "@/app/api/v1/projects/route";
import { call, uniqueSlug } from "./http";
import { mlflowGet, mlflowPost } from "./mlflow-client";

// Request bodies are what MLflow's Python RestStore sends (message_to_json of the request protos).
describe("MLflow experiments", () => {
  it("get-by-name of a missing experiment is RESOURCE_DOES_NOT_EXIST (404), which set_experiment turns into a create", async () => {
    const name = uniqueSlug("Exp");
    const missing = await mlflowGet("experiments/get-by-name", { experiment_name: name });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: expect.stringContaining(name) });
    const created = await mlflowPost("experiments/create", { name, tags: [{ key: "team", value: "seg" }] });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ experiment_id: expect.stringMatching(/^\d+$/) });
    const byName = await mlflowGet("experiments/get-by-name", { experiment_name: name });
    expect(byName.json.experiment).toEqual({
      experiment_id: created.json.experiment_id,
      name,
      artifact_location: `mlflow-artifacts:/${created.json.experiment_id}`,
      lifecycle_stage: "active",
      last_update_time: expect.any(Number),
      creation_time: expect.any(Number),
      tags: expect.arrayContaining([
        { key: "team", value: "seg" },
        { key: "anneal.project", value: name.toLowerCase() },
      ]),
    });
    const byId = await mlflowGet("experiments/get", { experiment_id: created.json.experiment_id });
    expect(byId.json.experiment).toEqual(byName.json.experiment);
  });

  it("creating a taken name is RESOURCE_ALREADY_EXISTS with MLflow's status 400", async () => {
    const name = uniqueSlug("dup");
    await mlflowPost("experiments/create", { name });
    const again = await mlflowPost("experiments/create", { name });
    expect(again.status).toBe(400);
    expect(again.json.error_code).toBe("RESOURCE_ALREADY_EXISTS");
  });

  it("an Anneal project is the experiment of the same name (by slug too), with a stable numeric id", async () => {
    const slug = uniqueSlug("proj");
    const p = await call(projects.POST, "POST", "/api/v1/projects", { body: { name: `Seg ${slug}`, slug } });
    expect(p.status).toBe(201);
    const bySlug = await mlflowGet("experiments/get-by-name", { experiment_name: slug });
    expect(bySlug.json.experiment.experiment_id).toBe(String(p.json.id));
    const byName = await mlflowGet("experiments/get-by-name", { experiment_name: `Seg ${slug}` });
    expect(byName.json.experiment.experiment_id).toBe(String(p.json.id));
  });

  it('experiment "0" is "Default" and exists without being created', async () => {
    const e = await mlflowGet("experiments/get", { experiment_id: "0" });
    expect(e.status).toBe(200);
    expect(e.json.experiment).toMatchObject({ experiment_id: "0", name: "Default", lifecycle_stage: "active" });
    const byName = await mlflowGet("experiments/get-by-name", { experiment_name: "Default" });
    expect(byName.json.experiment.experiment_id).toBe("0");
    const del = await mlflowPost("experiments/delete", { experiment_id: "0" });
    expect(del.status).toBe(400);
  });

  it("update renames, delete/restore flip lifecycle_stage, set-experiment-tag and delete-experiment-tag", async () => {
    const name = uniqueSlug("life");
    const id = (await mlflowPost("experiments/create", { name })).json.experiment_id;
    expect((await mlflowPost("experiments/update", { experiment_id: id, new_name: `${name}-renamed` })).json).toEqual({});
    expect((await mlflowGet("experiments/get", { experiment_id: id })).json.experiment.name).toBe(`${name}-renamed`);
    expect((await mlflowPost("experiments/set-experiment-tag", { experiment_id: id, key: "k", value: "v" })).json).toEqual({});
    expect((await mlflowGet("experiments/get", { experiment_id: id })).json.experiment.tags).toContainEqual({ key: "k", value: "v" });
    expect((await mlflowPost("experiments/delete-experiment-tag", { experiment_id: id, key: "k" })).status).toBe(200);
    expect((await mlflowPost("experiments/delete-experiment-tag", { experiment_id: id, key: "k" })).json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    await mlflowPost("experiments/delete", { experiment_id: id });
    expect((await mlflowGet("experiments/get", { experiment_id: id })).json.experiment.lifecycle_stage).toBe("deleted");
    const list = await call(projects.GET, "GET", "/api/v1/projects");
    expect(list.json.projects.map((p: { id: number }) => String(p.id))).not.toContain(id);
    const active = await mlflowPost("experiments/search", { filter: `name = '${name}-renamed'` });
    expect(active.json.experiments ?? []).toHaveLength(0);
    const deleted = await mlflowPost("experiments/search", { filter: `name = '${name}-renamed'`, view_type: "DELETED_ONLY" });
    expect(deleted.json.experiments).toHaveLength(1);
    await mlflowPost("experiments/restore", { experiment_id: id });
    expect((await mlflowGet("experiments/get", { experiment_id: id })).json.experiment.lifecycle_stage).toBe("active");
  });

  it("search: name LIKE filter, order_by, max_results with page_token paging (POST and GET alike)", async () => {
    const prefix = uniqueSlug("page");
    for (const n of ["a", "b", "c"]) await mlflowPost("experiments/create", { name: `${prefix}-${n}` });
    const first = await mlflowPost("experiments/search", { filter: `name LIKE '${prefix}-%'`, order_by: ["name DESC"], max_results: 2 });
    expect(first.json.experiments.map((e: { name: string }) => e.name)).toEqual([`${prefix}-c`, `${prefix}-b`]);
    expect(first.json.next_page_token).toEqual(expect.any(String));
    const second = await mlflowGet("experiments/search", {
      filter: `name LIKE '${prefix}-%'`,
      order_by: "name DESC",
      max_results: 2,
      page_token: first.json.next_page_token,
    });
    expect(second.json.experiments.map((e: { name: string }) => e.name)).toEqual([`${prefix}-a`]);
    expect(second.json.next_page_token).toBeUndefined();
    const bad = await mlflowPost("experiments/search", { filter: "metrics.loss > 1" });
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect((await mlflowPost("experiments/search", { max_results: 50_001 })).status).toBe(400);
  });

  it("bad requests: a missing required field, a non-numeric id, an unknown endpoint, a wrong method", async () => {
    const missing = await mlflowPost("experiments/create", {});
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: expect.stringContaining("'name'") });
    const badId = await mlflowGet("experiments/get", { experiment_id: "abc" });
    expect(badId.status).toBe(400);
    const unknown = await mlflowGet("experiments/no-such-thing");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe("ENDPOINT_NOT_FOUND");
    const wrongMethod = await mlflowGet("experiments/create");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });
});
