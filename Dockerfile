# syntax=docker/dockerfile:1
# Every image of the system, from one file: the workspace to build is a build argument.
# From the repository root:
#   docker build --build-arg APP=orders-subgraph --build-arg PORT=4003 -t commerce/orders-subgraph .
#   docker build --build-arg APP=db --target migrate -t commerce/migrate .
# An app (APP=gateway, users-subgraph, products-subgraph, orders-subgraph, inventory-worker,
# reviews-service, manuals-service, rest-subgraph)
# listens on PORT; docker-compose.yml builds each one so. Only APP's workspace and the
# workspaces it depends on enter the build (turbo prune); the runtime image holds production
# dependencies and compiled JavaScript, runs as the unprivileged `node` user, and reports
# health on /health.
# The `migrate` target (APP=db) is the one-shot job that creates the users, products,
# orders and reviews databases if missing and applies their migrations (npm run db:migrate), with
# Prisma's schema engine compiled to WebAssembly (no native engine to download):
#   docker run --rm -e USERS_DATABASE_URL=... -e PRODUCTS_DATABASE_URL=... -e ORDERS_DATABASE_URL=... commerce/migrate
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS prune
ARG APP
WORKDIR /repo
RUN test -n "$APP" || { echo 'build with --build-arg APP=<app>, or APP=db for the migrate target' >&2; exit 1; }
RUN npm install --global --ignore-scripts --no-audit --no-fund turbo@2.11.9
COPY . .
RUN turbo prune "@commerce/$APP" --docker --out-dir /pruned
# What the app reads at run time besides its compiled code: a subgraph its SDL (the
# rest-subgraph also its sources and their OpenAPI documents); a REST service its OpenAPI
# document (manuals-service its table too); the gateway
# the supergraph it starts with and the persisted operations manifest (safelist mode). To
# follow `npm run compose` without a new image, mount a folder holding supergraph.graphql
# and point SUPERGRAPH_PATH at it (see docker-compose.yml).
RUN mkdir /assets \
 && case "$APP" in \
      rest-subgraph) cp --parents "apps/$APP/schema.graphql" "apps/$APP/sources.yaml" apps/*-service/openapi.yaml /assets/ ;; \
      *-subgraph) cp --parents "apps/$APP/schema.graphql" /assets/ ;; \
      reviews-service) cp --parents apps/reviews-service/openapi.yaml /assets/ ;; \
      manuals-service) cp --parents apps/manuals-service/openapi.yaml apps/manuals-service/manuals.json /assets/ ;; \
      gateway) cp --parents supergraph.graphql operations/manifest.json /assets/ ;; \
    esac

# Install layers depend only on package.json files and the lockfile: cached until those change.
# Install scripts stay off, as on every developer machine (see shared ENVIRONMENT.md).
FROM ${NODE_IMAGE} AS install
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1
COPY --from=prune /pruned/json/ ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=prune /pruned/full/ ./
# turbo prune keeps the workspaces and root package.json; the compiler settings they extend too.
COPY --from=prune /repo/tsconfig.base.json ./

# tsx (a root devDependency) runs the migration CLI from source.
FROM install AS migrate
USER node
CMD ["npm", "run", "--silent", "db:migrate"]

FROM install AS build
ARG APP
ARG PORT
RUN test -n "$PORT" || { echo "build $APP with --build-arg PORT=<the port it listens on>" >&2; exit 1; }
RUN npx turbo run build --filter="@commerce/$APP" --output-logs=errors-only
# Each workspace's package.json and dist/, laid out as in the repo (node_modules links them).
RUN mkdir /runtime \
 && for workspace in $(node -p "require('./package.json').workspaces.join(' ')"); do \
      mkdir -p "/runtime/$workspace" && cp "$workspace/package.json" "/runtime/$workspace/" \
      && if [ -d "$workspace/dist" ]; then cp -R "$workspace/dist" "/runtime/$workspace/"; fi; \
    done

FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY --from=prune /pruned/json/ ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP
ARG PORT
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=${PORT}
WORKDIR /app
COPY --from=production-dependencies /app/ ./
COPY --from=build /runtime/ ./
COPY --from=prune /assets/ ./
# The app's own folder, where its package.json's `start` script runs.
WORKDIR /app/apps/${APP}
USER node
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/index.js"]
