import { apiRoute } from "@/lib/server/api/route";
import { formatsCatalog } from "@/lib/importers";

export const GET = apiRoute({ access: "signed-in" }, async () => ({ formats: formatsCatalog() }));
