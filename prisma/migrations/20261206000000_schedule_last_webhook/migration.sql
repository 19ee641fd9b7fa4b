-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "lastWebhook" JSONB;
