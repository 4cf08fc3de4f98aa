FROM alpine:3.19
RUN adduser -D -u 10001 app
USER app
RUN echo "built as app"
# The last USER wins.
USER root
CMD ["/bin/sh"]
