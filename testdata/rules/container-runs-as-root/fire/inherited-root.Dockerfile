FROM alpine:3.19 AS base
USER root
RUN apk add --no-cache curl

# Inherits the USER of stage `base`.
FROM base
CMD ["curl", "--version"]
