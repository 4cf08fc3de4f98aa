FROM python:3.12-slim
USER 10001
# Runs in images built FROM this one, not in this one.
ONBUILD USER root
CMD ["python"]
