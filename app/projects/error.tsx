"use client";

import { ErrorNotice } from "@/app/_components/Notice";

export default function ProjectsError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorNotice message={error.message || "Something went wrong"} onRetry={reset} />;
}
