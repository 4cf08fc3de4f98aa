# Values that name the slot a secret goes in, or tell the reader to fill
# it: no password anyone runs with.
FROM python:3.12-slim
ENV DB_PASSWORD=your-password-here
ENV API_SECRET=SECRET_VALUE
ENV SMTP_PASSWORD=<smtp password>
RUN useradd --create-home app
USER app
CMD ["python", "-m", "app"]
