import { ARTIFACT_ENDPOINTS } from "@/lib/server/mlflow/endpoints";
import { mlflowRoutes } from "@/lib/server/mlflow/route";

// MLflow's artifact proxy (mlflow-artifacts:/ URIs): list, download, upload, delete (docs/mlflow.md).
export const { GET, PUT, DELETE } = mlflowRoutes(ARTIFACT_ENDPOINTS);
