-- CreateEnum
CREATE TYPE "UploadKind" AS ENUM ('create', 'append');

-- CreateEnum
CREATE TYPE "RunTrigger" AS ENUM ('manual', 'schedule');

-- DropForeignKey
ALTER TABLE "UploadChunk" DROP CONSTRAINT "UploadChunk_datasetId_fkey";

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "championId" UUID,
ADD COLUMN     "contentHash" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "UploadChunk" DROP CONSTRAINT "UploadChunk_pkey",
DROP COLUMN "datasetId",
ADD COLUMN     "uploadId" UUID NOT NULL,
ADD CONSTRAINT "UploadChunk_pkey" PRIMARY KEY ("uploadId", "seq");

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "comparison" JSONB,
ADD COLUMN     "datasetHash" TEXT,
ADD COLUMN     "datasetVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "scheduleId" UUID,
ADD COLUMN     "seed" INTEGER NOT NULL DEFAULT 42,
ADD COLUMN     "trigger" "RunTrigger" NOT NULL DEFAULT 'manual';

-- AlterTable
ALTER TABLE "RunModel" ADD COLUMN     "report" JSONB;

-- CreateTable
CREATE TABLE "DatasetUpload" (
    "id" UUID NOT NULL,
    "datasetId" UUID NOT NULL,
    "kind" "UploadKind" NOT NULL,
    "status" "DatasetStatus" NOT NULL DEFAULT 'ingesting',
    "error" TEXT,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DatasetUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" UUID NOT NULL,
    "datasetId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT,
    "timezone" TEXT,
    "everySeconds" INTEGER,
    "config" JSONB NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "driftThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "webhookUrl" TEXT,
    "lastRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainedModel" (
    "id" UUID NOT NULL,
    "runModelId" UUID NOT NULL,
    "datasetId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "artifact" JSONB NOT NULL,
    "weights" BYTEA,
    "seriesKeys" JSONB NOT NULL,
    "horizon" INTEGER NOT NULL,
    "season" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "backend" TEXT NOT NULL,
    "versions" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "datasetVersion" INTEGER NOT NULL,
    "datasetHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrainedModel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DatasetUpload_datasetId_createdAt_idx" ON "DatasetUpload"("datasetId", "createdAt");

-- CreateIndex
CREATE INDEX "Schedule_datasetId_idx" ON "Schedule"("datasetId");

-- CreateIndex
CREATE UNIQUE INDEX "TrainedModel_runModelId_key" ON "TrainedModel"("runModelId");

-- CreateIndex
CREATE INDEX "TrainedModel_datasetId_createdAt_idx" ON "TrainedModel"("datasetId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_championId_key" ON "Dataset"("championId");

-- CreateIndex
CREATE INDEX "Run_scheduleId_createdAt_idx" ON "Run"("scheduleId", "createdAt");

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_championId_fkey" FOREIGN KEY ("championId") REFERENCES "TrainedModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetUpload" ADD CONSTRAINT "DatasetUpload_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UploadChunk" ADD CONSTRAINT "UploadChunk_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "DatasetUpload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainedModel" ADD CONSTRAINT "TrainedModel_runModelId_fkey" FOREIGN KEY ("runModelId") REFERENCES "RunModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainedModel" ADD CONSTRAINT "TrainedModel_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Model weights are float32 bytes: stored uncompressed, as series values are (see 20261125184000_uncompressed_bytes).
ALTER TABLE "TrainedModel" ALTER COLUMN "weights" SET STORAGE EXTERNAL;
