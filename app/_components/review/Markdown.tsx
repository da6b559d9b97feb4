"use client";

import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";

/**
 * User Markdown (comments, run notes), rendered safely: no raw HTML (react-markdown drops it),
 * a sanitised tree (rehype-sanitize: no script, no event handlers, only http(s)/mailto links),
 * no images (a remote image in a comment would tell its server who read it), and links that open
 * in a new tab without handing it this page (rel="noopener noreferrer").
 */
const schema = { ...defaultSchema, tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== "img") };

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer" className="link">
      {children}
    </a>
  ),
};

export function Markdown({ source, className = "" }: { source: string; className?: string }) {
  return (
    <div className={`markdown space-y-2 text-sm break-words ${className}`}>
      <ReactMarkdown rehypePlugins={[[rehypeSanitize, schema]]} components={components} skipHtml>
        {source}
      </ReactMarkdown>
    </div>
  );
}
