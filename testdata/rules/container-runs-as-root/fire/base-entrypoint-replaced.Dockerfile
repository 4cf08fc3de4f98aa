# The file replaces the image's entrypoint, which stepped down: the server
# runs as root.
FROM redis:7
COPY redis.conf /usr/local/etc/redis/redis.conf
ENTRYPOINT ["redis-server", "/usr/local/etc/redis/redis.conf"]
