# The official memcached image ends with `USER 11211:11211`: a final stage
# built on it without a USER of its own runs as that user.
FROM memcached:1.6-alpine
COPY memcached.conf /etc/memcached.conf
CMD ["memcached", "-m", "256"]
