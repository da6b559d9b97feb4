import { TRACKING_ENDPOINTS } from "@/lib/server/mlflow/endpoints";
import { mlflowRoutes } from "@/lib/server/mlflow/route";

// MLflow's tracking REST API 2.0 (docs/mlflow.md); errors in MLflow's shape, not Anneal's envelope.
export const { GET, POST, PATCH, DELETE } = mlflowRoutes(TRACKING_ENDPOINTS);
