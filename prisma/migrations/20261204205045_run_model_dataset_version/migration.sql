-- AlterTable: the dataset version and content hash each model's fit read (a run's could change between its fits).
ALTER TABLE "RunModel" ADD COLUMN     "datasetHash" TEXT,
ADD COLUMN     "datasetVersion" INTEGER;

-- Backfill the models fitted before this: with their run's, recorded at its creation (the best known, exact unless rows
-- were appended while the run waited in the queue).
UPDATE "RunModel" AS m
SET "datasetVersion" = r."datasetVersion", "datasetHash" = r."datasetHash"
FROM "Run" AS r
WHERE r."id" = m."runId" AND m."status" = 'completed';
