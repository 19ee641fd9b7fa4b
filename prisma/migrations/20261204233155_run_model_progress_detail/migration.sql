-- AlterTable
ALTER TABLE "RunModel" ADD COLUMN     "progressDetail" JSONB;
