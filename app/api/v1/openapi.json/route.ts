import { apiRoute } from "@/lib/server/api/route";
import { openApiDocument } from "@/lib/server/openapi/document";

export const GET = apiRoute("GET /api/v1/openapi.json", () => openApiDocument());
