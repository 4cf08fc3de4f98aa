# A server on port 80 cannot simply run as another user: no USER fix.
FROM python:3.12-slim
COPY app.py /app/app.py
EXPOSE 80
CMD ["python", "/app/app.py"]
