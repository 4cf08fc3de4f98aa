# The ENTRYPOINT steps down to `app` and runs the CMD as that user.
FROM alpine:3.20
RUN apk add --no-cache su-exec && adduser -D app
COPY x /bin/x
ENTRYPOINT ["su-exec", "app"]
CMD ["/bin/x"]
