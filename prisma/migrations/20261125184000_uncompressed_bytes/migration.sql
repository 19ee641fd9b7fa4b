-- Raw uploads (CSV text) and series values (float64) are stored without TOAST compression: pglz makes writing a
-- 12 MB upload about 4x slower and saves little on float64 bytes. Prisma's schema cannot express column storage.
ALTER TABLE "UploadChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;
ALTER TABLE "Series" ALTER COLUMN "values" SET STORAGE EXTERNAL;
