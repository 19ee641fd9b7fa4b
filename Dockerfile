# One image for the API, the worker and the dashboard; docker-compose picks the command.
FROM node:20.20.2-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/web/package.json apps/web/
COPY apps/cli/package.json apps/cli/
COPY libs/contracts/package.json libs/contracts/
COPY libs/db/package.json libs/db/
COPY libs/queue/package.json libs/queue/
COPY libs/forecasting/package.json libs/forecasting/
COPY libs/ingest/package.json libs/ingest/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run db:generate && cd apps/web && npx next build
ENV NODE_ENV=production
