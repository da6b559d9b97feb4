/** Shapes of POST /api/v1/import answers, inferred from their response schemas (lib/schemas/import.ts). */
import type { Wire } from "@/lib/schemas/wire";
import type { ZImportedRun, ZImportMetricPreview, ZImportPreviewRun } from "@/lib/schemas/import";

export type MetricPreview = Wire<typeof ZImportMetricPreview>;
export type PreviewRun = Wire<typeof ZImportPreviewRun>;
export type ImportedRun = Wire<typeof ZImportedRun>;
export type RunRef = Pick<ImportedRun, "id" | "name" | "url">;
