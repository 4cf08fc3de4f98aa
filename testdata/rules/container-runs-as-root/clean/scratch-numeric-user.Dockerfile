FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app ./cmd/app

FROM scratch
COPY --from=build /app /app
USER 65534:65534
ENTRYPOINT ["/app"]
