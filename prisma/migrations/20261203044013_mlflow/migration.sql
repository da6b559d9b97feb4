-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "mlflow_tags" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "mlflow_io" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "mlflow_params" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "mlflow_tags" JSONB NOT NULL DEFAULT '{}';
