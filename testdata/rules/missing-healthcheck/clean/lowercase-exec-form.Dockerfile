FROM alpine:3.19
healthcheck cmd ["/bin/check"]
