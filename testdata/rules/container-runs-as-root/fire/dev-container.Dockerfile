# A dev container's user is chosen by devcontainer.json: a note, no fix.
FROM mcr.microsoft.com/devcontainers/python:1-3.12
RUN pip install --no-cache-dir ruff
