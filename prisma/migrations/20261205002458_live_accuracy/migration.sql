-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "liveDriftMargin" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
ADD COLUMN     "liveDriftMinPoints" INTEGER NOT NULL DEFAULT 6,
ADD COLUMN     "retrainOnDrift" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Forecast" ADD COLUMN     "maseScale" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "ForecastScore" (
    "runModelId" UUID NOT NULL,
    "seriesId" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "actual" DOUBLE PRECISION NOT NULL,
    "forecast" DOUBLE PRECISION NOT NULL,
    "scaledError" DOUBLE PRECISION,
    "smape" DOUBLE PRECISION NOT NULL,
    "inside" JSONB NOT NULL DEFAULT '{}',
    "uploadId" UUID,
    "scoredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForecastScore_pkey" PRIMARY KEY ("runModelId","seriesId","step")
);

-- CreateTable
CREATE TABLE "DriftCheck" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "scheduleId" UUID NOT NULL,
    "datasetId" UUID NOT NULL,
    "runModelId" UUID,
    "uploadId" UUID,
    "drifted" BOOLEAN NOT NULL,
    "figures" JSONB NOT NULL,
    "retrainRunId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DriftCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ForecastScore_seriesId_idx" ON "ForecastScore"("seriesId");

-- CreateIndex
CREATE INDEX "DriftCheck_scheduleId_createdAt_idx" ON "DriftCheck"("scheduleId", "createdAt");

-- CreateIndex
CREATE INDEX "DriftCheck_datasetId_createdAt_idx" ON "DriftCheck"("datasetId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DriftCheck_scheduleId_uploadId_key" ON "DriftCheck"("scheduleId", "uploadId");

-- AddForeignKey
ALTER TABLE "ForecastScore" ADD CONSTRAINT "ForecastScore_runModelId_seriesId_fkey" FOREIGN KEY ("runModelId", "seriesId") REFERENCES "Forecast"("runModelId", "seriesId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriftCheck" ADD CONSTRAINT "DriftCheck_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
