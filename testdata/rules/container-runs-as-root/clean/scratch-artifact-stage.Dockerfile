FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/releases/app ./cmd/app

# An artifact stage: `docker build --output type=local,dest=. --target release`
# exports its files; nothing runs it.
FROM scratch AS release
COPY --from=build /out/releases/ /
