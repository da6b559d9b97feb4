import { describe, expect, it } from "vitest";
import { DEFAULT_QUERY, nextSort, PAGE_SIZE, pageSearch, readRunsQuery, runsApiUrl } from "./run-query";

describe("runs table query", () => {
  it("reads defaults from an empty URL and keeps them out of it", () => {
    const q = readRunsQuery(new URLSearchParams(""));
    expect(q).toEqual(DEFAULT_QUERY);
    expect(pageSearch(q)).toBe("");
  });

  it("round-trips filters, sort and cursor through the page URL", () => {
    const q = { status: "running", review: "approved", tag: "seeds", q: "adam w", sort: "best", order: "asc" as const, cursor: "c1" };
    expect(readRunsQuery(new URLSearchParams(pageSearch(q).slice(1)))).toEqual(q);
  });

  it("falls back to descending on an unknown order", () => {
    expect(readRunsQuery(new URLSearchParams("order=sideways")).order).toBe("desc");
  });

  it("asks the API for one page, with only the filters set", () => {
    const url = new URL(runsApiUrl("demo", { ...DEFAULT_QUERY, tag: "seeds" }), "http://x");
    expect(url.pathname).toBe("/api/v1/runs");
    expect(Object.fromEntries(url.searchParams)).toEqual({ project: "demo", sort: "startedAt", order: "desc", limit: String(PAGE_SIZE), tag: "seeds" });
  });
});

describe("next sort", () => {
  it("flips the order when the same column is clicked again", () => {
    expect(nextSort({ ...DEFAULT_QUERY, sort: "name", order: "asc" }, "name")).toEqual({ sort: "name", order: "desc" });
  });

  it("starts numbers best-first and text A→Z", () => {
    expect(nextSort(DEFAULT_QUERY, "lastStep")).toEqual({ sort: "lastStep", order: "desc" });
    expect(nextSort(DEFAULT_QUERY, "name")).toEqual({ sort: "name", order: "asc" });
  });

  it("starts the best column with the best runs, whatever the metric's mode", () => {
    expect(nextSort(DEFAULT_QUERY, "best", "max").order).toBe("desc");
    expect(nextSort(DEFAULT_QUERY, "best", "min").order).toBe("asc");
  });
});
