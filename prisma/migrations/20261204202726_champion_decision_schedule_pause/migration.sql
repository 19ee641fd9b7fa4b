-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "pausedReason" TEXT,
ADD COLUMN     "resumedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "championDecision" JSONB;
