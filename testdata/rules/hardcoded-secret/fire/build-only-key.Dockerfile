# Django loads its settings for `collectstatic`, which wants a SECRET_KEY:
# the build gives it one that says it is for the build only. Anyone can
# guess it, as `changeme` (notes); a chosen key is an error.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN SECRET_KEY=build-key python manage.py collectstatic --noinput
RUN DJANGO_SECRET_KEY=build-only-not-for-runtime python manage.py compress
RUN SECRET_KEY=Zq8vR2mLx7Tb python manage.py check --deploy
USER 10001
CMD ["gunicorn", "shop.wsgi"]
