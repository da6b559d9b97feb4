"use client";

import { useCallback, useState } from "react";

/**
 * True once the element given to the returned callback ref has come within `margin` of the
 * viewport (and stays true). A callback ref, so an element that mounts late is still observed;
 * it observes the element itself (and stops in its cleanup): the element kept in state, as it
 * was, cost the whole compare view a render when it mounted, before the charts were drawn.
 */
export function useSeen(margin = "0px"): [(el: Element | null) => (() => void) | undefined, boolean] {
  const [seen, setSeen] = useState(false);
  const ref = useCallback(
    (el: Element | null) => {
      if (!el) return undefined;
      const observer = new IntersectionObserver(
        ([entry]) => {
          if (!entry.isIntersecting) return;
          setSeen(true);
          observer.disconnect();
        },
        { rootMargin: margin },
      );
      observer.observe(el);
      return () => observer.disconnect();
    },
    [margin],
  );
  return [ref, seen];
}
