FROM python:3.12-slim
# ONBUILD defers the instruction to child images: this image has no check.
ONBUILD HEALTHCHECK CMD python -m app.health
CMD ["python", "-m", "app"]
