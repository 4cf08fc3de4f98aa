FROM golang:1.22 AS build
RUN go build -o /out/app ./cmd/app

FROM alpine:3.19
COPY --from=build /out/app /app
USER 1000
CMD ["/app"]
