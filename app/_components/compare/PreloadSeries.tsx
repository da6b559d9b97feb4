"use client";

import { preload } from "react-dom";

/**
 * Preloads a first view's series reads (lib/server/compare/first-view.ts) from the HTML, so the
 * points travel while the page's JavaScript loads. A client component on purpose: the compare
 * page streams in after the projects' loading boundary, and a preload() made by a server
 * component then travels only as a hint in the RSC payload, which the browser acts on once
 * React's scripts run (~0.3–0.5 s later); made while the HTML is rendered, it becomes a <link>
 * the browser fetches as it parses. crossOrigin="anonymous" matches fetch()'s default mode, so
 * the view's fetch reuses the preloaded answer.
 */
export function PreloadSeries({ urls }: { urls: readonly string[] }) {
  for (const url of urls) preload(url, { as: "fetch", crossOrigin: "anonymous" });
  return null;
}
