FROM debian:12-slim
USER root
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
USER nobody
CMD ["sh"]
