-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "covariates" JSONB;
