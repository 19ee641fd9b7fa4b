-- AlterTable: where each forecast starts on its series' grid, so later appends no longer move its dates.
ALTER TABLE "Forecast" ADD COLUMN     "origin" INTEGER;

-- Backfill, exactly where the rows say it: a backtest's last window forecasts the run's horizon up to the end of the
-- series the model was fitted on (cutoff = length - horizon).
UPDATE "Forecast" AS f
SET "origin" = (f."backtest" -> 'cutoffs' ->> -1)::int + r."horizon"
FROM "RunModel" AS m
JOIN "Run" AS r ON r."id" = m."runId"
WHERE m."id" = f."runModelId"
  AND jsonb_typeof(f."backtest" -> 'cutoffs') = 'array'
  AND jsonb_array_length(f."backtest" -> 'cutoffs') > 0;

-- Series too short for a backtest keep the dates they show today: after the series' current length (exact unless rows
-- were appended after their run).
UPDATE "Forecast" AS f
SET "origin" = s."length"
FROM "Series" AS s
WHERE s."id" = f."seriesId" AND f."origin" IS NULL;

ALTER TABLE "Forecast" ALTER COLUMN "origin" SET NOT NULL;
