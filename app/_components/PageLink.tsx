"use client";

import Link from "next/link";
import type { ComponentProps } from "react";
import { useAfterFirstView } from "./first-view";

/** A next/link whose prefetch waits for the page's first view (./first-view.ts); otherwise the same. */
export function PageLink(props: ComponentProps<typeof Link>) {
  const after = useAfterFirstView();
  return <Link {...props} prefetch={after ? props.prefetch : false} />;
}
