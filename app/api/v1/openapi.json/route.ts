import { openApiDocument } from "@/lib/server/openapi/document";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument());
}
