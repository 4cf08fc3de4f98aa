ARG DISTROLESS=gcr.io/distroless/static-debian12:nonroot
FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app ./cmd/app

FROM ${DISTROLESS}
COPY --from=build /app /app
ENTRYPOINT ["/app"]
