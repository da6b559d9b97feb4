import { describe, expect, it } from "vitest";
import { MlflowError } from "./errors";
import { parseFilter, parseOrderBy } from "./search-filter";

describe("parseFilter (MLflow search syntax)", () => {
  it("parses the clauses clients send", () => {
    expect(parseFilter("metrics.val_loss < 0.3 AND params.optimizer = 'adamw' and tags.\"mlflow.runName\" LIKE 'bert%'")).toEqual([
      { entity: "metric", key: "val_loss", op: "<", value: 0.3 },
      { entity: "param", key: "optimizer", op: "=", value: "adamw" },
      { entity: "tag", key: "mlflow.runName", op: "LIKE", value: "bert%" },
    ]);
  });

  it("keys: backticks with spaces, unquoted dotted keys, slashes and dashes", () => {
    expect(parseFilter("metrics.`val loss` >= -1e-3")).toEqual([{ entity: "metric", key: "val loss", op: ">=", value: -0.001 }]);
    expect(parseFilter("tags.mlflow.source.type = 'LOCAL'")[0].key).toBe("mlflow.source.type");
    expect(parseFilter("metrics.train/loss != 2")[0]).toEqual({ entity: "metric", key: "train/loss", op: "!=", value: 2 });
    expect(parseFilter("metrics.lr-AdamW > 0")[0].key).toBe("lr-AdamW");
  });

  it("attributes with aliases; IN, NOT IN, IS NULL, IS NOT NULL", () => {
    expect(parseFilter("attributes.status IN ('FINISHED', 'FAILED')")).toEqual([
      { entity: "attribute", key: "status", op: "IN", value: ["FINISHED", "FAILED"] },
    ]);
    expect(parseFilter("run.run_id NOT IN ('a')")[0].op).toBe("NOT IN");
    expect(parseFilter("attribute.created > 5")[0]).toEqual({ entity: "attribute", key: "start_time", op: ">", value: 5 });
    expect(parseFilter("params.seed IS NULL")[0]).toEqual({ entity: "param", key: "seed", op: "IS NULL", value: null });
    expect(parseFilter("tags.x is not null")[0].op).toBe("IS NOT NULL");
    expect(parseFilter("name = 'x'")).toEqual([{ entity: "attribute", key: "name", op: "=", value: "x" }]);
  });

  it("empty filters are no clause", () => {
    expect(parseFilter(undefined)).toEqual([]);
    expect(parseFilter("   ")).toEqual([]);
  });

  it.each([
    ["metrics.loss > 'a'", "compares with a number"],
    ["params.lr > '0.1'", "compares numbers"],
    ["params.lr = 0.1", "quoted string"],
    ["metrics.loss", "comparator"],
    ["metrics.a = 1 OR metrics.b = 2", "expected AND"],
    ["foo = 1", "not an identifier"],
    ["attributes.bogus = 'x'", "unknown attribute"],
    ["params.x = 'unterminated", "unterminated"],
    ["metrics.loss IN (1, 2)", "not metrics"],
  ])("refuses %s with INVALID_PARAMETER_VALUE", (filter, message) => {
    let err: unknown;
    try {
      parseFilter(filter);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MlflowError);
    expect((err as MlflowError).code).toBe("INVALID_PARAMETER_VALUE");
    expect((err as MlflowError).message).toContain(message);
  });
});

describe("parseOrderBy", () => {
  it("parses entity, key and direction (ASC by default)", () => {
    expect(parseOrderBy(["metrics.val_acc DESC", "attributes.start_time", "params.`learning rate` asc"])).toEqual([
      { entity: "metric", key: "val_acc", ascending: false },
      { entity: "attribute", key: "start_time", ascending: true },
      { entity: "param", key: "learning rate", ascending: true },
    ]);
  });
  it("refuses a bad direction", () => {
    expect(() => parseOrderBy(["metrics.x UP"])).toThrow(/ASC or DESC/);
  });
});
