FROM alpine:3.19
RUN <<EOF
apk add --no-cache curl
EOFF
