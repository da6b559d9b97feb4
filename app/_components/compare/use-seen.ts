"use client";

import { useEffect, useState } from "react";

/**
 * True once the element given to the returned callback ref has come within `margin` of the
 * viewport (and stays true). A callback ref, so an element that mounts late is still observed.
 */
export function useSeen(margin = "0px"): [(el: Element | null) => void, boolean] {
  const [el, setEl] = useState<Element | null>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (!el || seen) return;
    const observer = new IntersectionObserver(([entry]) => entry.isIntersecting && setSeen(true), { rootMargin: margin });
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, margin, seen]);
  return [setEl, seen];
}
