import type { Database } from "@/lib/db/client";
import { MlflowError } from "@/lib/mlflow/errors";
import { Auth } from "@/lib/server/api/auth";

/**
 * MLflow clients authenticate with MLFLOW_TRACKING_TOKEN (`Authorization: Bearer <token>`) or
 * MLFLOW_TRACKING_USERNAME/PASSWORD (`Authorization: Basic …`). Both carry an Anneal API key:
 * the token is the key; with Basic the password is the key (the username is not checked).
 */
export async function authenticateMlflow(db: Database, request: Request): Promise<Auth> {
  const header = request.headers.get("authorization");
  const basic = header && /^Basic\s+(\S+)$/i.exec(header);
  if (!basic) return Auth.fromRequest(db, request);
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new MlflowError("UNAUTHENTICATED", "Basic credentials must be 'username:password' (MLFLOW_TRACKING_USERNAME/PASSWORD)");
  const password = decoded.slice(colon + 1);
  // The key travels as a Bearer token through the one key check Anneal has.
  const asBearer = new Headers({ authorization: `Bearer ${password}` });
  return Auth.fromRequest(db, new Request(request.url, { headers: asBearer }));
}
