-- AlterTable
ALTER TABLE "Series" ADD COLUMN     "demandClass" TEXT;
