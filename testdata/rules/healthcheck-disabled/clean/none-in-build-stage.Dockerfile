FROM golang:1.22 AS build
HEALTHCHECK NONE
RUN go build -o /app .

FROM alpine:3.19
COPY --from=build /app /app
HEALTHCHECK CMD ["/app", "-health"]
