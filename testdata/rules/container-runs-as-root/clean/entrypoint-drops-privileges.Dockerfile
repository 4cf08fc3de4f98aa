# The image starts as root to fix file ownership, then its ENTRYPOINT runs
# the server as `app` (through tini), as gosu-based images do.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends gosu tini \
    && useradd --uid 10001 app
COPY server /usr/local/bin/server
ENTRYPOINT ["tini", "--", "gosu", "app", "/usr/local/bin/server"]
