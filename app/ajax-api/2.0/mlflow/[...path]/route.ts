import { TRACKING_ENDPOINTS } from "@/lib/server/mlflow/endpoints";
import { mlflowRoutes } from "@/lib/server/mlflow/route";

// The MLflow UI's prefix for the same API (docs/mlflow.md); errors in MLflow's shape, not Anneal's envelope.
export const { GET, POST, PATCH, DELETE } = mlflowRoutes(TRACKING_ENDPOINTS);
