# Before 6.0 Confluent's default tags were Debian images with no USER.
FROM confluentinc/cp-kafka-connect:5.3.1
RUN confluent-hub install --no-prompt confluentinc/kafka-connect-jdbc:5.3.1
