# A variable with a literal default commits the default, and the image
# holds it whenever the variable is not passed.
FROM eclipse-temurin:21-jre
ARG DB_PASS
ENV SPRING_DATASOURCE_PASSWORD=${DB_PASS:-Sup3rS3cretDefault}
RUN PGPASSWORD=${PGPASSWORD:-Hx7kq2Vb9wLzT} psql -h db.internal -c 'select 1'
USER 10001
