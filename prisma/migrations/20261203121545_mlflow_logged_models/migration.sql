-- CreateTable
CREATE TABLE "mlflow_logged_models" (
    "id" TEXT NOT NULL,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "source_run_id" TEXT,
    "model_type" TEXT,
    "status" TEXT NOT NULL DEFAULT 'LOGGED_MODEL_PENDING',
    "status_message" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mlflow_logged_models_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "mlflow_logged_models_project_id_created_at_idx" ON "mlflow_logged_models"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "mlflow_logged_models_source_run_id_idx" ON "mlflow_logged_models"("source_run_id");

-- AddForeignKey
ALTER TABLE "mlflow_logged_models" ADD CONSTRAINT "mlflow_logged_models_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
