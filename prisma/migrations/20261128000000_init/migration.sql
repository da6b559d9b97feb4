-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "projects" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "main_metric" TEXT NOT NULL DEFAULT 'mIoU',
    "main_metric_mode" TEXT NOT NULL DEFAULT 'max',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" TEXT NOT NULL,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "config" JSONB NOT NULL DEFAULT '{}',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "group" TEXT,
    "notes" TEXT,
    "external_id" TEXT,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "metric_stats" JSONB NOT NULL DEFAULT '{}',
    "last_step" BIGINT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "last_heartbeat_at" TIMESTAMPTZ(3),
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "content_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_chunks" (
    "run_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "step_lo" BIGINT NOT NULL,
    "step_hi" BIGINT NOT NULL,
    "n" INTEGER NOT NULL,
    "steps" BYTEA NOT NULL,
    "vals" BYTEA NOT NULL,
    "blocks_64" BYTEA NOT NULL,
    "blocks_256" BYTEA NOT NULL,
    "blocks_1024" BYTEA NOT NULL,
    "blocks_4096" BYTEA NOT NULL,
    "vmin" DOUBLE PRECISION,
    "vmin_step" BIGINT,
    "vmax" DOUBLE PRECISION,
    "vmax_step" BIGINT,
    "vlast" DOUBLE PRECISION NOT NULL,
    "non_finite" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "metric_chunks_pkey" PRIMARY KEY ("run_id","key","step_lo")
);

-- CreateTable
CREATE TABLE "ingest_batches" (
    "run_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_batches_pkey" PRIMARY KEY ("run_id","batch_id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "name" TEXT,
    "scope" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "projects_slug_key" ON "projects"("slug");

-- CreateIndex
CREATE INDEX "runs_project_id_started_at_idx" ON "runs"("project_id", "started_at");

-- CreateIndex
CREATE INDEX "runs_project_id_content_hash_idx" ON "runs"("project_id", "content_hash");

-- CreateIndex
CREATE UNIQUE INDEX "runs_project_id_external_id_key" ON "runs"("project_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_chunks" ADD CONSTRAINT "metric_chunks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingest_batches" ADD CONSTRAINT "ingest_batches_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Not expressible in Prisma: float64 values and block summaries don't compress, so skip pglz; the
-- large ones (values, 64-point blocks) then live out of line while the coarser summaries stay in the
-- row (a row may grow to a full page before anything is moved out), so downsampled reads of long
-- runs touch only heap pages, never the TOAST table.
ALTER TABLE "metric_chunks" SET (toast_tuple_target = 8160);
ALTER TABLE "metric_chunks" ALTER COLUMN "vals" SET STORAGE EXTERNAL;
ALTER TABLE "metric_chunks" ALTER COLUMN "blocks_64" SET STORAGE EXTERNAL;
ALTER TABLE "metric_chunks" ALTER COLUMN "blocks_256" SET STORAGE EXTERNAL;
ALTER TABLE "metric_chunks" ALTER COLUMN "blocks_1024" SET STORAGE EXTERNAL;
ALTER TABLE "metric_chunks" ALTER COLUMN "blocks_4096" SET STORAGE EXTERNAL;
