# Apache Kafka's image ends with `USER appuser`: a final stage built on it
# that adds configuration and sets no USER of its own runs as that user.
FROM apache/kafka:3.7.0
COPY server.properties /mnt/shared/config/server.properties
