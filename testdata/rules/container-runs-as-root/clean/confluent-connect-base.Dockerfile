# Confluent's Connect image ends `USER appuser`: connectors installed with
# confluent-hub land in its own plugin path and the worker keeps that user.
FROM confluentinc/cp-kafka-connect:7.5.1
RUN confluent-hub install --no-prompt confluentinc/kafka-connect-jdbc:10.7.4
