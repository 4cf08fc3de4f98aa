# The ENTRYPOINT is written before the last build steps (docker-library's
# php images): a USER before it would run those steps as the new user, so
# the fix puts it after the stage's last instruction.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends php-fpm
# Runs the server.
ENTRYPOINT ["docker-php-entrypoint"]
WORKDIR /var/www/html
RUN cp /etc/php/php-fpm.conf.default /etc/php/php-fpm.conf
CMD ["php-fpm"]
