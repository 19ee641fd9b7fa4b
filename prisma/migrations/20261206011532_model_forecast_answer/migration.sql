-- CreateTable
CREATE TABLE "ModelForecastAnswer" (
    "id" UUID NOT NULL,
    "answer" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelForecastAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelForecastAnswer_createdAt_idx" ON "ModelForecastAnswer"("createdAt");
