# gosu to root changes nothing: the program runs as root.
FROM alpine:3.19
RUN apk add --no-cache su-exec
ENTRYPOINT su-exec root:root /usr/local/bin/server
