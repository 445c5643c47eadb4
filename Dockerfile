# Atende in production: the compiled server (dist/server) and the built web app (dist/web) on Node 20.
#   docker build -t atende .          (or: podman build -t atende .)
#   docker compose up -d              (app + PostgreSQL 15, see compose.yaml)

# ---- build: every dependency (Vite, esbuild, TypeScript), then the build, then only what runs
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- run: no compilers, no dev dependencies, not root
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    DEMO_MAILBOX_PORT=0
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# the app may write only its data folder (the embedded database when DATABASE_URL is unset, the files,
# the secret key when ATENDE_SECRET_KEY is unset)
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# the compiled server itself (not `npm start`): SIGTERM reaches it directly for a graceful shutdown
CMD ["node", "dist/server/main.js"]
