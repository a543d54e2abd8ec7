# The API and the worker share one image; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Chinese glyphs for the printable result (RESULT_PDF_FONT's default: Noto Sans CJK).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dev dependencies stay: the sources run through SWC at start (tools/register.js), no build step.
RUN npm ci --include=dev && npm cache clean --force
COPY tsconfig.json ./
COPY tools ./tools
COPY apps ./apps
COPY libs ./libs
COPY workflows ./workflows
# A named volume mounted here starts with this ownership, so the keys service (/keys) and the API's
# uploaded materials (/data) can be written to.
RUN mkdir /keys /data && chown node:node /keys /data
USER node
EXPOSE 3000
CMD ["node", "-r", "./tools/register.js", "apps/api/src/main.ts"]
