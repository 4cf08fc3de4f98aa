# Defaults that are empty, placeholders or other variables.
FROM eclipse-temurin:21-jre
ARG DB_PASS
ENV SPRING_DATASOURCE_PASSWORD=${DB_PASS:-}
ENV API_TOKEN=${API_TOKEN:-REPLACE_ME}
ENV CACHE_PASSWORD=${CACHE_PASSWORD:-$DB_PASS}
RUN PGPASSWORD=${PGPASSWORD:?set PGPASSWORD} psql -h db.internal -c 'select 1'
USER 10001
