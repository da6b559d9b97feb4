/** The compare API's answer as the compare view reads it, inferred from its response schema (lib/schemas/compare.ts). */
import type { Wire } from "@/lib/schemas/wire";
import type { ZCompareGroup, ZCompareResponse, ZCompareRunSummary, ZVerdict } from "@/lib/schemas/compare";

export type CompareResponse = Wire<typeof ZCompareResponse>;
export type WireRunSummary = Wire<typeof ZCompareRunSummary>;
export type WireGroup = Wire<typeof ZCompareGroup>;
export type Verdict = Wire<typeof ZVerdict>;
