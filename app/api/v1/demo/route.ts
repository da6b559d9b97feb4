import { apiRoute } from "@/lib/server/api/route";
import { loadDemo } from "@/lib/server/demo/load-demo";

export const POST = apiRoute("POST /api/v1/demo", async ({ db, auth }) => loadDemo(db, { auth }));
