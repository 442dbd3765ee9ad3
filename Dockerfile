# syntax=docker/dockerfile:1
# ProxiSanté's web service: `proxisante serve` (uvicorn workers: API, pages, public site).
# Build: docker build -t proxisante .   Run with PostgreSQL, the outbox runner and Caddy:
# compose.yaml, walked through in docs/how-to/deploy.md.

# 1. The front-end assets the app serves itself (MapLibre GL JS, DSFR: no CDN), installed from
#    package-lock.json and copied as `make setup` does (Makefile, target $(WEBSTAMP)).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
RUN set -eux; v=/vendor; \
    mkdir -p "$v/maplibre" "$v/dsfr/utility/icons"; \
    cp node_modules/maplibre-gl/dist/maplibre-gl-csp.js \
       node_modules/maplibre-gl/dist/maplibre-gl-csp-worker.js \
       node_modules/maplibre-gl/dist/maplibre-gl.css node_modules/maplibre-gl/LICENSE.txt "$v/maplibre/"; \
    cp -r node_modules/@gouvfr/dsfr/dist/dsfr.min.css node_modules/@gouvfr/dsfr/dist/dsfr.module.min.js \
       node_modules/@gouvfr/dsfr/dist/fonts node_modules/@gouvfr/dsfr/dist/icons \
       node_modules/@gouvfr/dsfr/dist/favicon "$v/dsfr/"; \
    cp node_modules/@gouvfr/dsfr/dist/utility/icons/icons.min.css "$v/dsfr/utility/icons/"; \
    cp node_modules/@gouvfr/dsfr/LICENSE.md "$v/dsfr/"

# 2. The application, installed as a package (the data bundle and the assets travel inside).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PROXISANTE_HOME=/var/lib/proxisante
# Pango for WeasyPrint (PDF letters and diagnostics), a font, the PostgreSQL 15 client for
# `proxisante db backup` / `db restore` (same major version as the server), tini as PID 1.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
      postgresql-client-15 tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
COPY scripts/subset_icons.py scripts/build_assets.py ./scripts/
COPY --from=assets /vendor ./src/proxisante/web/static/vendor
# The icon subset, then the fingerprinted, pre-compressed copies (static/dist), as make setup.
RUN pip install "brotli>=1.0" \
 && python scripts/subset_icons.py \
 && python scripts/build_assets.py \
 && pip install . \
 && rm -rf /app/src /app/scripts
# Not root: a system user whose home is PROXISANTE_HOME (0700: the national map cache, and the
# SQLite database when no PostgreSQL URL is given).
RUN useradd --system --uid 10001 --home-dir /var/lib/proxisante --create-home proxisante \
 && chmod 0700 /var/lib/proxisante
USER proxisante
WORKDIR /var/lib/proxisante
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["tini", "--", "proxisante"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]
