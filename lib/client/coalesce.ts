/**
 * Runs `task` when asked, never two at once: asks while it runs make exactly one more run after
 * it, which covers them all (a live chart's read of "everything after my last point" reads every
 * batch that arrived meanwhile). Returns the function that asks. A failed run counts as done.
 */
export function coalesced(task: () => Promise<void>): () => void {
  let busy = false;
  let again = false;
  const run = (): void => {
    busy = true;
    again = false;
    void task()
      .catch(() => undefined)
      .then(() => {
        if (again) run();
        else busy = false;
      });
  };
  return () => {
    if (busy) again = true;
    else run();
  };
}

/**
 * Reads asked for in the same moment, by subject, go out as one: the charts of a run page all
 * hear one metrics.appended event, and each asks for its key's new points; one request for all
 * their keys replaces one per chart. `read` gets the subject and every request gathered for it
 * (in order) and answers each by index. Gathered until the next macrotask (setTimeout 0), so
 * requests made in the continuations of one answer, a few microtasks apart, still meet.
 */
export function batchedReads<Req, Res>(read: (subject: string, requests: Req[]) => Promise<Res[]>): (subject: string, request: Req) => Promise<Res> {
  const waiting = new Map<string, { request: Req; resolve: (r: Res) => void; reject: (e: unknown) => void }[]>();
  const flush = (subject: string) => {
    const batch = waiting.get(subject) ?? [];
    waiting.delete(subject);
    void Promise.resolve()
      .then(() =>
        read(
          subject,
          batch.map((b) => b.request),
        ),
      )
      .then(
        (answers) => batch.forEach((b, i) => b.resolve(answers[i])),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      );
  };
  return (subject, request) =>
    new Promise<Res>((resolve, reject) => {
      let batch = waiting.get(subject);
      if (!batch) {
        waiting.set(subject, (batch = []));
        setTimeout(() => flush(subject), 0);
      }
      batch.push({ request, resolve, reject });
    });
}
