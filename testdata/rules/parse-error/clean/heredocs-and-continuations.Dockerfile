# syntax=docker/dockerfile:1.7
ARG BASE=debian:12-slim
FROM --platform=$BUILDPLATFORM ${BASE} AS build
RUN <<-EOT bash
	set -eux
	apt-get update
	EOT
COPY <<config.ini <<'script.sh' /etc/app/
[app]
name=demo
config.ini
#!/bin/sh
echo "$HOME"
script.sh
RUN apt-get update \
    # dropped by BuildKit
    && apt-get install -y --no-install-recommends \

       curl
ENV A=1 B="two words" \
    C=3
ENV LEGACY value with spaces
from build
USER 10001
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
