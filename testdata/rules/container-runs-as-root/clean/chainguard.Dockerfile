FROM cgr.dev/chainguard/go:latest-dev AS build
RUN CGO_ENABLED=0 go build -o /app ./cmd/app

# Chainguard's runtime images run as `nonroot` (uid 65532).
FROM cgr.dev/chainguard/static:latest
COPY --from=build /app /app
ENTRYPOINT ["/app"]
