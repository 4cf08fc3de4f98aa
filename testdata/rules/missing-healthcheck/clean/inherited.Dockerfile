FROM python:3.12-slim AS base
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/healthz')"]

FROM base AS runtime
COPY app/ /app/
CMD ["python", "-m", "app"]
