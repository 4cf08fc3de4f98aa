# The official Alpine images pin the step-down tool to a version when they
# install it: it is still there for the entrypoint script, so a warning,
# not an error, and no USER fix (the script needs root to prepare /data).
FROM alpine:3.20
RUN addgroup -S cache && adduser -S -G cache cache
RUN apk add --no-cache \
		'su-exec>=0.2' \
		tzdata
RUN mkdir /data && chown cache:cache /data
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["cache-server"]
