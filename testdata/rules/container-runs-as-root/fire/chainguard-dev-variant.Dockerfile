# The `-dev` variants of Chainguard images run as root, to let builds install packages.
FROM cgr.dev/chainguard/python:latest-dev
COPY app.py /app/app.py
CMD ["python", "/app/app.py"]
