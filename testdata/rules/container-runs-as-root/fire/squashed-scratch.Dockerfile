FROM ubuntu:24.04 AS rootfs
RUN apt-get update && apt-get install -y --no-install-recommends systemd

# Squashes the layers: the image holds all of ubuntu, and runs as root.
FROM scratch
COPY --from=rootfs / /
ENTRYPOINT ["/sbin/init"]
