# Bitnami's web server images end `USER 1001` too; the site is copied in
# as files, and the server listens on 8080.
FROM bitnami/nginx:1.27
COPY --chown=1001:1001 site /app
