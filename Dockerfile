# Hookline in a container: `docker compose up` (docker-compose.yml) or
#   docker build -t hookline . && docker run -p 3000:3000 -v hookline-data:/data hookline
# Stages: deps (every package, from the lockfile), prod-deps (the same, pruned to what the server
# needs), build (the Prisma clients, `npm run build`, the operator CLI bundle), runtime (no compiler,
# no dev packages, no sources: node_modules, .next, the migrations and the start scripts).
# See docs/container.md.

FROM node:22-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: no package's install script runs (under npm 10, the official image's, as under
# npm 11 with package.json's allowScripts): none is needed (native parts come as per-platform npm
# packages) and @prisma/engines' would download an engine the app does not use. The project's own
# postinstall (the Prisma clients) runs in the build stage.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS prod-deps
# The production packages: `npm prune --omit=dev`, then scripts/container/prod-modules.mjs removes
# what npm keeps but production code cannot load (dev packages that a production one names only as
# an optional peer: typescript, the prisma CLI, playwright...). The migrations (scripts/db.mjs, run
# at start) use Prisma's WASM schema engine, a dev package, which stays.
COPY scripts/container/prod-modules.mjs /tmp/prod-modules.mjs
RUN mv node_modules/@prisma/schema-engine-wasm /tmp/schema-engine-wasm \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && mv /tmp/schema-engine-wasm node_modules/@prisma/schema-engine-wasm \
 && node /tmp/prod-modules.mjs --keep @prisma/schema-engine-wasm

FROM deps AS build
COPY . .
RUN npm run db:generate \
 && npm run build \
 && node_modules/.bin/esbuild hookline-cli=scripts/hookline.ts --bundle --platform=node --format=esm \
      --target=node20 --packages=external --alias:@=. --alias:server-only=./scripts/empty-module.ts \
      --outdir=.next --out-extension:.js=.mjs --log-level=warning \
 && mkdir -p /out/scripts \
 && cp -a package.json next.config.js public prisma .next /out/ \
 && rm -rf /out/.next/cache /out/.next/dev /out/.next/types /out/.next/trace /out/.next/trace-build \
 && mkdir -p /out/scripts/container \
 && cp -a scripts/start.mjs scripts/db.mjs /out/scripts/ \
 && cp -a scripts/container/hookline scripts/container/healthcheck.mjs /out/scripts/container/ \
 && find lib -name '*.mjs' -exec cp --parents {} /out/ \;

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    HOOKLINE_DATA_DIR=/data \
    DATABASE_URL=file:/data/hookline.db \
    HOOKLINE_SKIP_BUILD=1
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /out ./
RUN mkdir -p /data .next/cache \
 && chown node:node /data .next/cache \
 && ln -s /app/scripts/container/hookline /usr/local/bin/hookline
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/container/healthcheck.mjs"]
# Applies the migrations, then serves (HOOKLINE_SKIP_BUILD=1: the image has the build).
CMD ["node", "scripts/start.mjs"]
