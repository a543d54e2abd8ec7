# The API, the worker, the CLI and the simulated departments share one image; docker-compose.yml and
# deploy/k8s pick the entry point per service.

# ---- build: the workflow bundle, made once here so workers start without webpack ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY tools ./tools
COPY apps ./apps
COPY libs ./libs
COPY workflows ./workflows
RUN node -r ./tools/register.js tools/build-workflow-bundle.ts /app/dist/workflow-bundle.js

# ---- run: production dependencies only ----
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Chinese glyphs for the printable result (RESULT_PDF_FONT's default: Noto Sans CJK).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The sources run through SWC at start (tools/register.js; @swc-node/register is a production dependency).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY tools ./tools
COPY apps ./apps
COPY libs ./libs
COPY workflows ./workflows
COPY --from=build /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
# Workers load the prebuilt bundle instead of bundling at start.
ENV TEMPORAL_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
# A named volume mounted here starts with this ownership, so the keys service (/keys) and the API's
# uploaded materials (/data) can be written to.
RUN mkdir /keys /data && chown node:node /keys /data
USER node
EXPOSE 3000 3001
CMD ["node", "--max-semi-space-size=32", "--no-allocation-site-pretenuring", "-r", "./tools/register.js", "apps/api/src/main.ts"]
