"use client";

import { useLatest } from "./use-latest";
import { useEffect, useState } from "react";

/**
 * A setting kept in the URL but edited in a field (a search box, a slider, the replay editor): the
 * field shows the draft at once, and the draft reaches the URL `delayMs` after the last edit.
 * The draft follows the URL when it changes from elsewhere (back button, a shared link) — but not
 * when the change is this draft's own earlier commit arriving, which would throw away what was
 * typed meanwhile. `same` says when two values mean the same URL (e.g. equal once trimmed).
 * Returns the draft, its setter, and whether it is still on its way to the URL.
 */
export function useUrlDraft<T>(
  value: T,
  commit: (draft: T) => void,
  { delayMs, same = Object.is }: { delayMs: number; same?: (a: T, b: T) => boolean },
): [T, (draft: T) => void, boolean] {
  const [draft, setDraft] = useState(value);
  const [followed, setFollowed] = useState(value);
  const [written, setWritten] = useState<{ value: T } | null>(null);
  if (!same(followed, value)) {
    setFollowed(value);
    if (!written || !same(written.value, value)) setDraft(value);
  }
  // The latest callback, without restarting the delay whenever the caller re-renders.
  const commitRef = useLatest(commit);
  const pending = !same(draft, value);
  useEffect(() => {
    if (!pending) return;
    const t = window.setTimeout(() => {
      setWritten({ value: draft });
      commitRef.current(draft);
    }, delayMs);
    return () => window.clearTimeout(t);
  }, [pending, draft, delayMs, commitRef]);
  return [draft, setDraft, pending];
}
