# PHP-FPM's master process runs as root (its pool workers as www-data):
# the image has a `www-data` user to run it all as.
FROM php:8.3-fpm-alpine
RUN docker-php-ext-install pdo_mysql
WORKDIR /var/www
COPY . .
