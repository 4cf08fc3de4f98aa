FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app ./cmd/app

# Distroless images run as root unless their tag says `nonroot`.
FROM gcr.io/distroless/base-debian12:latest
COPY --from=build /app /app
ENTRYPOINT ["/app"]
