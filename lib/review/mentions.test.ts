import { describe, expect, it } from "vitest";
import { mentionHandles, splitMentions } from "./mentions";

describe("mentionHandles", () => {
  it("finds handles at word starts, lowercased and distinct", () => {
    expect(mentionHandles("@Alice why did SGD win? cc @bob.smith, @alice")).toEqual(["alice", "bob.smith"]);
    expect(mentionHandles("(@carol) and\n@dave_2.")).toEqual(["carol", "dave_2"]);
  });

  it("ignores e-mail addresses, code spans and fenced code", () => {
    expect(mentionHandles("mail alice@example.com")).toEqual([]);
    expect(mentionHandles("use `@torch.no_grad` here")).toEqual([]);
    expect(mentionHandles("```python\n@torch.compile\ndef f(): ...\n```\nthanks @erin")).toEqual(["erin"]);
  });

  it("an unclosed fence hides the rest, as Markdown renders it", () => {
    expect(mentionHandles("```\n@nobody")).toEqual([]);
  });
});

describe("splitMentions", () => {
  it("splits text around mentions and keeps everything else verbatim", () => {
    expect(splitMentions("hi @Bob, see a@b.c")).toEqual([{ text: "hi " }, { text: "@Bob", handle: "bob" }, { text: ", see a@b.c" }]);
    expect(splitMentions("no mentions")).toEqual([{ text: "no mentions" }]);
  });
});
