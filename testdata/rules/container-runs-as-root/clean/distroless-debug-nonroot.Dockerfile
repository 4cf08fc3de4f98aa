FROM python:3.12-slim AS build
RUN pip install --target /deps requests

FROM gcr.io/distroless/python3-debian12:debug-nonroot
COPY --from=build /deps /deps
ENV PYTHONPATH=/deps
CMD ["-c", "import requests"]
