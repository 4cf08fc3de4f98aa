# Elasticsearch 7 sets no USER; its entrypoint steps down to uid 1000.
FROM elasticsearch:7.17.9
RUN bin/elasticsearch-plugin install --batch analysis-icu
