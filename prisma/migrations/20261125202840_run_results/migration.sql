-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "levels" INTEGER[] DEFAULT ARRAY[80, 95]::INTEGER[];

-- AlterTable
ALTER TABLE "RunModel" ADD COLUMN     "coverage" JSONB,
ADD COLUMN     "perStep" JSONB,
ADD COLUMN     "warnings" JSONB NOT NULL DEFAULT '[]';
