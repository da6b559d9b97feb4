import "server-only";

/** Pages anyone may open in team mode: the sign-in page and invitation links (everything else needs a session). */
export const PUBLIC_PAGES = /^\/(sign-in|invite\/[^/?]+)\/?(\?.*)?$/;
