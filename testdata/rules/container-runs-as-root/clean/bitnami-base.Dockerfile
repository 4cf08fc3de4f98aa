# Bitnami's PostgreSQL image ends `USER 1001`; a stage built on it that
# adds only files keeps that user.
FROM bitnami/postgresql:17.2.0
COPY init.sql /docker-entrypoint-initdb.d/
