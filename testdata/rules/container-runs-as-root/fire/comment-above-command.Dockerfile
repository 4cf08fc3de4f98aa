# The user the stage creates is the one it was made to run as; the USER
# goes above the comments that describe the command.
FROM python:3.12-slim
RUN useradd --create-home --uid 10001 worker
COPY app.py /home/worker/

# The worker reads jobs from the queue.
# It needs no root.
CMD ["python", "/home/worker/app.py"]
