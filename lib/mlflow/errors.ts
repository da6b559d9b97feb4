/**
 * MLflow's error contract: `{"error_code": "...", "message": "..."}` with the HTTP status MLflow's
 * server gives each code (mlflow/exceptions.py). The clients raise MlflowException/RestException
 * from error_code, and retry 429 and 5xx — so a client mistake must never be a 5xx.
 */
export const MLFLOW_ERROR_STATUS = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  REQUEST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  // MLflow has no code for "body too large" (its server answers 413 from the HTTP layer); clients
  // only need a non-retried 4xx with a message.
  RESOURCE_EXHAUSTED: 413,
} as const;

export type MlflowErrorCode = keyof typeof MLFLOW_ERROR_STATUS;

export class MlflowError extends Error {
  constructor(
    readonly code: MlflowErrorCode,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return MLFLOW_ERROR_STATUS[this.code];
  }
  toJSON() {
    return { error_code: this.code, message: this.message };
  }
}

export const invalidParam = (message: string) => new MlflowError("INVALID_PARAMETER_VALUE", message);
export const doesNotExist = (message: string) => new MlflowError("RESOURCE_DOES_NOT_EXIST", message);
