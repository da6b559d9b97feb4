import { apiRoute } from "@/lib/server/api/route";
import { listRunArtifacts } from "@/lib/server/mlflow/run-artifacts";

// The run's artifact files (logged through the MLflow API's artifact proxy), for the run page.
export const GET = apiRoute("GET /api/v1/runs/[id]/artifacts", async ({ db, params, auth }) => listRunArtifacts(db, { id: params.id, auth }));
