# The official database images start as root and their docker-entrypoint.sh
# steps down to the image's user: a warning, and no USER fix, which would
# take the data directory from that user.
FROM postgres:16-bullseye
COPY initdb/ /docker-entrypoint-initdb.d/
