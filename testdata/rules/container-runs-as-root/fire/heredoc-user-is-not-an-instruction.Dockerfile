# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<EOF
adduser -D -u 10001 app
USER app
EOF
CMD ["sh"]
