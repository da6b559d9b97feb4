import { formatsCatalog } from "@/lib/importers";

export const dynamic = "force-static";

export function GET() {
  return Response.json({ formats: formatsCatalog() });
}
