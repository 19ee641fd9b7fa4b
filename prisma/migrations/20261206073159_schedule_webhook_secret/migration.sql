-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "webhookSecret" TEXT NOT NULL DEFAULT replace((gen_random_uuid())::text || (gen_random_uuid())::text, '-', '');
