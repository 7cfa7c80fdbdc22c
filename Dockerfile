# syntax=docker/dockerfile:1
# The llm-cascade image: one image for the worker (the default command) and the gateway (`serve`), built from a
# checkout of this repository. docs/deploying.md has the run commands, the mounts and the probes.
#
#   docker build -t llm-cascade .
#   docker run --rm -v "$PWD/llm-cascade.json:/config/llm-cascade.json:ro" -e TEMPORAL_ADDRESS=temporal:7233 \
#     -e OPENAI_API_KEY llm-cascade
#
# No container runtime runs where this project is tested: test/unit/dockerfile.test.ts checks this file's syntax and
# what it runs, not a built image.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
# A compiler for better-sqlite3 when its prebuilt binary cannot be fetched; it stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm pack --pack-destination /dist
# Installed as a user installs it: npm 7+ brings the @temporalio/* peer dependencies along (one SDK copy).
WORKDIR /app
RUN npm init -y >/dev/null \
 && npm install --omit=dev --no-audit --no-fund /dist/llm-cascade-*.tgz \
 && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
# Not root. The embedded ledger store and claim checks live in the user's data directory: mount a volume there,
# or point the config at PostgreSQL and object storage.
USER node
# 8080: the gateway (`serve`); 9464: Prometheus metrics; 9465: GET /health.
EXPOSE 8080 9464 9465
# Exec form: node is PID 1 and receives SIGTERM itself, so the worker drains (polling stops, calls in flight finish
# within --shutdown-grace) before the orchestrator's own stop timeout.
ENTRYPOINT ["node", "/app/node_modules/llm-cascade/bin/llm-cascade.js"]
CMD ["worker", "--config", "/config/llm-cascade.json", "--metrics-host", "0.0.0.0", "--metrics-port", "9464", "--health-host", "0.0.0.0", "--health-port", "9465", "--shutdown-grace", "30s"]
