-- CreateTable
CREATE TABLE "RunModelShard" (
    "runModelId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "part" JSONB NOT NULL,
    "seriesIds" UUID[],
    "artifact" JSONB,
    "artifactKeys" TEXT[],
    "datasetVersion" INTEGER NOT NULL,
    "datasetHash" TEXT,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "calendar" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunModelShard_pkey" PRIMARY KEY ("runModelId","index")
);

-- AddForeignKey
ALTER TABLE "RunModelShard" ADD CONSTRAINT "RunModelShard_runModelId_fkey" FOREIGN KEY ("runModelId") REFERENCES "RunModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
