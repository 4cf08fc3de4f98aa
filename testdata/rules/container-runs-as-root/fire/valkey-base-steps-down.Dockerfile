# The Valkey image starts as root and its entrypoint steps down to `valkey`:
# a warning, and no USER fix, which would take /data from that user.
FROM valkey/valkey:8-alpine
COPY valkey.conf /usr/local/etc/valkey/valkey.conf
CMD ["valkey-server", "/usr/local/etc/valkey/valkey.conf"]
