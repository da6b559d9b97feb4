-- CreateTable
CREATE TABLE "metric_chunk_ema" (
    "run_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "step_lo" BIGINT NOT NULL,
    "sums_64" BYTEA NOT NULL,
    "sums_coarse" BYTEA NOT NULL,

    CONSTRAINT "metric_chunk_ema_pkey" PRIMARY KEY ("run_id","key","step_lo")
);

-- AddForeignKey
ALTER TABLE "metric_chunk_ema" ADD CONSTRAINT "metric_chunk_ema_run_id_key_step_lo_fkey" FOREIGN KEY ("run_id", "key", "step_lo") REFERENCES "metric_chunks"("run_id", "key", "step_lo") ON DELETE CASCADE ON UPDATE CASCADE;

-- Not expressible in Prisma: sums don't compress, so skip pglz; the 64-point sums live out of line,
-- the coarse ones in the row (what a full-range read of a long run takes).
ALTER TABLE "metric_chunk_ema" ALTER COLUMN "sums_64" SET STORAGE EXTERNAL;
ALTER TABLE "metric_chunk_ema" ALTER COLUMN "sums_coarse" SET STORAGE MAIN;
