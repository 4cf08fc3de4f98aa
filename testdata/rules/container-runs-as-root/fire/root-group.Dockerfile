FROM python:3.12-slim
USER root:staff
CMD ["python"]
