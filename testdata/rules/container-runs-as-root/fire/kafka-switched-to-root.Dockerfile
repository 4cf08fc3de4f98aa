# Built on Apache Kafka's non-root image, but switched to root to install a
# package and never switched back: the broker runs as root.
FROM apache/kafka:3.7.0
USER root
RUN apk add --no-cache curl
