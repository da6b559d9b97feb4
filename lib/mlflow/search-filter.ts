import { invalidParam } from "./errors";

/**
 * The subset of MLflow's search syntax that clients send (mlflow/utils/search_utils.py):
 * `<entity>.<key> <op> <value>` clauses joined by AND, e.g.
 *   metrics.val_loss < 0.3 AND params.optimizer = 'adamw' AND tags."mlflow.runName" LIKE 'bert%'
 * Keys with special characters are quoted with backticks or double quotes; string values with
 * single or double quotes. The key is everything after the first dot (`tags.mlflow.runName`).
 */

export type Entity = "metric" | "param" | "tag" | "attribute";
export type Op = "=" | "!=" | ">" | ">=" | "<" | "<=" | "LIKE" | "ILIKE" | "IN" | "NOT IN" | "IS NULL" | "IS NOT NULL";

export interface Clause {
  entity: Entity;
  key: string;
  op: Op;
  value: string | number | string[] | null;
}

export interface OrderBy {
  entity: Entity;
  key: string;
  ascending: boolean;
}

const ENTITY_PREFIXES: Record<string, Entity> = {
  metric: "metric",
  metrics: "metric",
  param: "param",
  params: "param",
  parameter: "param",
  parameters: "param",
  tag: "tag",
  tags: "tag",
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
};

/** Run and experiment attributes a filter or order_by may name, with the MLflow aliases (each search refuses the other's). */
const ATTRIBUTES: Record<string, string> = {
  name: "name",
  experiment_id: "experiment_id",
  creation_time: "creation_time",
  last_update_time: "last_update_time",
  run_id: "run_id",
  run_name: "run_name",
  status: "status",
  start_time: "start_time",
  created: "start_time",
  Created: "start_time",
  end_time: "end_time",
  user_id: "user_id",
  artifact_uri: "artifact_uri",
  lifecycle_stage: "lifecycle_stage",
  // Logged models (MLflow 3)
  model_id: "model_id",
  model_type: "model_type",
  source_run_id: "source_run_id",
  creation_timestamp: "creation_time",
  creation_timestamp_ms: "creation_time",
  last_updated_timestamp: "last_update_time",
  last_updated_timestamp_ms: "last_update_time",
};
const NUMERIC_ATTRIBUTES = new Set(["start_time", "end_time", "creation_time", "last_update_time"]);

type Token = { kind: "word" | "string" | "number" | "op" | "punct" | "quoted"; text: string; at: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      let text = "";
      while (j < input.length && input[j] !== c) {
        // A backslash escapes the next character (a quote inside a quoted string).
        if (input[j] === "\\" && j + 1 < input.length) text += input[++j];
        else text += input[j];
        j++;
      }
      if (j >= input.length) throw invalidParam(`Invalid filter: unterminated ${c} at position ${at}`);
      tokens.push({ kind: c === "'" ? "string" : "quoted", text, at });
      i = j + 1;
      continue;
    }
    const op = /^(!=|<>|>=|<=|=|>|<)/.exec(input.slice(i));
    if (op) {
      tokens.push({ kind: "op", text: op[1] === "<>" ? "!=" : op[1], at });
      i += op[1].length;
      continue;
    }
    if (c === "(" || c === ")" || c === "," || c === ".") {
      tokens.push({ kind: "punct", text: c, at });
      i++;
      continue;
    }
    const num = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(input.slice(i));
    if (num && (c === "-" || /\d/.test(c) || (c === "." && /\d/.test(input[i + 1] ?? "")))) {
      const prev = tokens[tokens.length - 1];
      // "metrics.1st" keeps digits inside a key; a number only follows an operator, "(" or ",".
      if (!prev || prev.kind === "op" || (prev.kind === "punct" && prev.text !== ".")) {
        tokens.push({ kind: "number", text: num[0], at });
        i += num[0].length;
        continue;
      }
    }
    const word = /^[A-Za-z0-9_\-:/+@]+/.exec(input.slice(i));
    if (!word) throw invalidParam(`Invalid filter: unexpected '${c}' at position ${at}`);
    tokens.push({ kind: "word", text: word[0], at });
    i += word[0].length;
  }
  return tokens;
}

class Cursor {
  i = 0;
  constructor(
    readonly tokens: Token[],
    readonly what: string,
  ) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(expected: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw invalidParam(`Invalid ${this.what}: expected ${expected} at the end`);
    return t;
  }
  isWord(text: string): boolean {
    const t = this.peek();
    return t?.kind === "word" && t.text.toUpperCase() === text;
  }
}

/** `entity.key` (key quoted or not, dots allowed), or a bare attribute name. */
function parseIdentifier(c: Cursor): { entity: Entity; key: string } {
  const first = c.next("an identifier such as metrics.loss");
  if (first.kind !== "word" && first.kind !== "quoted") throw invalidParam(`Invalid ${c.what}: expected an identifier at position ${first.at}`);
  const prefix = ENTITY_PREFIXES[first.text.toLowerCase()];
  if (!prefix || c.peek()?.text !== ".") {
    const attribute = ATTRIBUTES[first.text];
    if (attribute) return { entity: "attribute", key: attribute };
    throw invalidParam(
      `Invalid ${c.what}: '${first.text}' is not an identifier; use metrics.<key>, params.<key>, tags.<key> or attributes.<name> (datasets.* filters are not supported)`,
    );
  }
  c.next(".");
  let key = "";
  for (;;) {
    const t = c.next("a key");
    if (t.kind !== "word" && t.kind !== "quoted" && t.kind !== "number") throw invalidParam(`Invalid ${c.what}: expected a key at position ${t.at}`);
    key += t.text;
    // Unquoted keys may contain dots (tags.mlflow.runName): keep reading while a dot follows.
    if (t.kind !== "quoted" && c.peek()?.text === "." && dotJoinsKey(c)) {
      c.next(".");
      key += ".";
      continue;
    }
    break;
  }
  if (prefix === "attribute") {
    const attribute = ATTRIBUTES[key];
    if (!attribute) throw invalidParam(`Invalid ${c.what}: unknown attribute '${key}' (known: ${Object.keys(ATTRIBUTES).join(", ")})`);
    return { entity: "attribute", key: attribute };
  }
  return { entity: prefix, key };
}

/** A dot directly followed by a key piece, with no space: part of the key, not a separate token. */
function dotJoinsKey(c: Cursor): boolean {
  const dot = c.tokens[c.i];
  const after = c.tokens[c.i + 1];
  const before = c.tokens[c.i - 1];
  return !!after && (after.kind === "word" || after.kind === "number") && dot.at === before.at + before.text.length && after.at === dot.at + 1;
}

function parseValue(c: Cursor): string | number {
  const t = c.next("a value");
  if (t.kind === "string" || t.kind === "quoted") return t.text;
  if (t.kind === "number") return Number(t.text);
  throw invalidParam(`Invalid filter: expected a quoted string or a number at position ${t.at}, got '${t.text}'`);
}

function parseClause(c: Cursor): Clause {
  const { entity, key } = parseIdentifier(c);
  let op: Op;
  const t = c.next("a comparator");
  if (t.kind === "op") op = t.text as Op;
  else if (t.kind === "word") {
    const w = t.text.toUpperCase();
    if (w === "LIKE" || w === "ILIKE" || w === "IN") op = w;
    else if (w === "NOT" && c.isWord("IN")) {
      c.next("IN");
      op = "NOT IN";
    } else if (w === "IS") {
      const not = c.isWord("NOT");
      if (not) c.next("NOT");
      if (!c.isWord("NULL")) throw invalidParam(`Invalid filter: expected NULL after IS at position ${t.at}`);
      c.next("NULL");
      op = not ? "IS NOT NULL" : "IS NULL";
    } else throw invalidParam(`Invalid filter: unknown comparator '${t.text}' at position ${t.at}`);
  } else throw invalidParam(`Invalid filter: expected a comparator at position ${t.at}`);

  if (op === "IS NULL" || op === "IS NOT NULL") {
    if (entity === "metric") throw invalidParam(`Invalid filter: IS NULL applies to params, tags and attributes`);
    return { entity, key, op, value: null };
  }
  if (op === "IN" || op === "NOT IN") {
    const open = c.next("(");
    if (open.text !== "(") throw invalidParam(`Invalid filter: expected '(' after ${op} at position ${open.at}`);
    const values: string[] = [];
    for (;;) {
      values.push(String(parseValue(c)));
      const sep = c.next("',' or ')'");
      if (sep.text === ")") break;
      if (sep.text !== ",") throw invalidParam(`Invalid filter: expected ',' or ')' at position ${sep.at}`);
    }
    if (entity === "metric") throw invalidParam(`Invalid filter: ${op} applies to params, tags and attributes, not metrics`);
    return { entity, key, op, value: values };
  }
  const value = parseValue(c);
  const numeric = entity === "metric" || (entity === "attribute" && NUMERIC_ATTRIBUTES.has(key));
  if (numeric && typeof value !== "number") throw invalidParam(`Invalid filter: ${entityName(entity)}.${key} compares with a number, got '${value}'`);
  if (numeric && (op === "LIKE" || op === "ILIKE")) throw invalidParam(`Invalid filter: ${op} applies to strings, not ${entityName(entity)}.${key}`);
  if (!numeric && typeof value === "number") throw invalidParam(`Invalid filter: ${entityName(entity)}.${key} compares with a quoted string, got ${value}`);
  if (!numeric && [">", ">=", "<", "<="].includes(op) && entity !== "attribute")
    throw invalidParam(`Invalid filter: ${op} compares numbers; ${entityName(entity)} values are strings (use =, !=, LIKE, ILIKE, IN)`);
  return { entity, key, op, value };
}

const entityName = (e: Entity) => (e === "metric" ? "metrics" : e === "param" ? "params" : e === "tag" ? "tags" : "attributes");

export const MAX_FILTER_CLAUSES = 50;

/** Parses a search filter into AND-ed clauses; an empty filter is no clause. Bad input is an INVALID_PARAMETER_VALUE naming the position. */
export function parseFilter(filter: string | undefined): Clause[] {
  if (!filter || !filter.trim()) return [];
  const c = new Cursor(tokenize(filter), "filter");
  const clauses: Clause[] = [parseClause(c)];
  while (c.peek()) {
    const t = c.next("AND");
    if (t.kind !== "word" || t.text.toUpperCase() !== "AND") {
      throw invalidParam(`Invalid filter: expected AND at position ${t.at}, got '${t.text}' (OR is not supported by MLflow search either)`);
    }
    clauses.push(parseClause(c));
    if (clauses.length > MAX_FILTER_CLAUSES) throw invalidParam(`Invalid filter: at most ${MAX_FILTER_CLAUSES} clauses`);
  }
  return clauses;
}

/** Parses order_by entries: `metrics.val_loss ASC`, `attributes.start_time DESC`, `params.lr`. */
export function parseOrderBy(orderBy: string[] | undefined): OrderBy[] {
  return (orderBy ?? []).map((entry) => {
    const c = new Cursor(tokenize(entry), "order_by");
    const { entity, key } = parseIdentifier(c);
    let ascending = true;
    const dir = c.peek();
    if (dir) {
      const d = c.next("ASC or DESC").text.toUpperCase();
      if (d !== "ASC" && d !== "DESC") throw invalidParam(`Invalid order_by '${entry}': expected ASC or DESC, got '${dir.text}'`);
      ascending = d === "ASC";
    }
    if (c.peek()) throw invalidParam(`Invalid order_by '${entry}': unexpected '${c.peek()!.text}'`);
    return { entity, key, ascending };
  });
}
