# From version 8, Elasticsearch's image ends `USER 1000:0`.
FROM docker.elastic.co/elasticsearch/elasticsearch:8.15.0
RUN bin/elasticsearch-plugin install --batch analysis-icu
