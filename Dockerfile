# syntax=docker/dockerfile:1
# Multi-stage build: node builds the SPA, golang builds a static binary with the SPA
# embedded, and a minimal non-root runtime image runs it.

FROM node:22-bookworm-slim AS ui
WORKDIR /src/ui
COPY ui/package.json ui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY ui/ ./
COPY api/ /src/api/
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=ui /src/ui/dist ./ui/dist
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/ideenwerk/ideenwerk/internal/app.Version=${VERSION}" \
    -o /out/ideenwerk ./cmd/ideenwerk && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ideenwerk /ideenwerk
COPY --from=build --chown=65532:65532 /out/data /data
ENV IDEENWERK_ADDR=:8080 \
    IDEENWERK_DATA_DIR=/data \
    IDEENWERK_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s CMD ["/ideenwerk", "healthcheck"]
ENTRYPOINT ["/ideenwerk"]
CMD ["serve"]
