FROM alpine:3.19
RUN apk add --no-cache tini \
    # comments inside a continuation are dropped
    && adduser -D -u 10001 app
USER \
  10001
ENTRYPOINT ["/sbin/tini", "--"]
