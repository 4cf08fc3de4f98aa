# PHP's Apache variant listens on port 80, which www-data may not bind.
FROM php:8.3-apache
COPY src/ /var/www/html/
