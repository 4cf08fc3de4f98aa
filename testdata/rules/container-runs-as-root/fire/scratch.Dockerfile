FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app ./cmd/app

# `scratch` sets no user: the binary runs as uid 0.
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
