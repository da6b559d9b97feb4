import { apiRoute } from "@/lib/server/api/route";
import { openApiDocument } from "@/lib/server/openapi/document";

export const GET = apiRoute({ access: "signed-in" }, async () => openApiDocument());
