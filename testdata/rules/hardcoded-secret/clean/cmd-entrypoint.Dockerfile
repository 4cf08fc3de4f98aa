FROM registry.internal/base:1.2.0
USER 10001
HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1
ENTRYPOINT ["app", "--password-file", "/run/secrets/db", "--token-file=/run/secrets/token"]
CMD ["sh", "-c", "exec app serve --api-token \"$API_TOKEN\""]
