# A build stage switches to a non-root user, but only the final stage runs.
FROM golang:1.22 AS build
RUN useradd -u 10001 builder
USER builder
RUN go build -o /out/app ./cmd/app

FROM debian:12-slim AS runtime
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
