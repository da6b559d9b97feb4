-- One column per block level (like the chunks' blocks), so a read takes a level of many chunks
-- without knowing each chunk's length. Stored sums are derived data: rows written in the old
-- layout are dropped and computed again by the reads that need them.
DELETE FROM "metric_chunk_ema";

-- AlterTable
ALTER TABLE "metric_chunk_ema" DROP COLUMN "sums_coarse",
ADD COLUMN     "sums_1024" BYTEA NOT NULL,
ADD COLUMN     "sums_256" BYTEA NOT NULL,
ADD COLUMN     "sums_4096" BYTEA NOT NULL;

-- Not expressible in Prisma: sums don't compress; the coarse levels stay in the row (what a
-- full-range read of a long run takes), the 64-point level lives out of line.
ALTER TABLE "metric_chunk_ema" ALTER COLUMN "sums_256" SET STORAGE MAIN;
ALTER TABLE "metric_chunk_ema" ALTER COLUMN "sums_1024" SET STORAGE MAIN;
ALTER TABLE "metric_chunk_ema" ALTER COLUMN "sums_4096" SET STORAGE MAIN;
