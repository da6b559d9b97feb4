import { apiRoute } from "@/lib/server/api/route";
import { formatsCatalog } from "@/lib/importers";

export const GET = apiRoute("GET /api/v1/import/formats", () => ({ formats: formatsCatalog() }));
