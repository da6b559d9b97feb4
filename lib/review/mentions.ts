/**
 * @mentions in a comment's Markdown. A handle is letters, digits, `.`, `_` and `-` after an `@`
 * that starts a word (so `alice@example.com` mentions nobody); code spans and fenced code are
 * skipped (`@decorator` in a snippet is not a person). Pure: the server resolves handles to
 * members, the editor suggests them and the renderer highlights them.
 */
const MENTION = /(^|[^\w@.`-])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?)/g;

/** Markdown with code (fenced blocks and inline spans) blanked out, same length, so offsets still line up. */
function withoutCode(markdown: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, " ");
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|$(?![\s\S]))/gm, blank).replace(/(`+)[^`\n]*?\1/g, blank);
}

/** Distinct handles mentioned, lowercased, in order of first appearance. */
export function mentionHandles(markdown: string): string[] {
  const out = new Set<string>();
  for (const m of withoutCode(markdown).matchAll(MENTION)) out.add(m[2].toLowerCase());
  return [...out];
}

/** Splits plain text into text and mention parts (for highlighting inside rendered Markdown). */
export function splitMentions(text: string): { text: string; handle?: string }[] {
  const parts: { text: string; handle?: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    const at = m.index + m[1].length;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ text: `@${m[2]}`, handle: m[2].toLowerCase() });
    last = at + 1 + m[2].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
