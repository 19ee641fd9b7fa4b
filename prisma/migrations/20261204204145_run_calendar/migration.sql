-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "calendar" JSONB,
ADD COLUMN     "calendarUsed" JSONB;
