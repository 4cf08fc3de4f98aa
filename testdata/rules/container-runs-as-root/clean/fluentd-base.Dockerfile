# Fluentd's official Linux image ends with `USER fluent`: plugins installed
# on top of it, without a USER here, still run as that user.
FROM fluent/fluentd:v1.16-debian-1
RUN ["gem", "install", "fluent-plugin-elasticsearch", "--no-document"]
COPY fluent.conf /fluentd/etc/
