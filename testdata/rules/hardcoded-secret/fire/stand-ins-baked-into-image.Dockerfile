# The stand-ins documentation shows, kept: every container of the image
# runs with them, in every copy of it that is pulled, and anyone can guess
# them as well as `changeme` (notes).
FROM python:3.12-slim
ENV DB_USER=app
ENV DB_PASSWORD=my-pass
ENV API_SECRET=mysecretkey
RUN useradd --create-home app
USER app
CMD ["python", "-m", "app"]
