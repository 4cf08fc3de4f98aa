FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app ./cmd/app

FROM scratch AS base
COPY --from=build /app /app

# Inherits `scratch` through stage `base`, which sets no user either.
FROM base
ENTRYPOINT ["/app"]
