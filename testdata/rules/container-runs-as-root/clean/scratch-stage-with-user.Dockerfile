FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app ./cmd/app

FROM scratch AS base
COPY --from=build /app /app
USER 65534:65534

# Inherits the user of stage `base`.
FROM base
ENTRYPOINT ["/app"]
