# RUN instructions that read their secrets from BuildKit mounts and variables.
FROM alpine:3.20
ARG ROOT_PASSWORD
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN echo "root:${ROOT_PASSWORD}" | chpasswd \
 && openssl req -x509 -newkey rsa:4096 -keyout /tmp/k.pem -out /tmp/c.pem -nodes -subj "/CN=localhost"
RUN ["sh", "-c", "app init --password-file /run/secrets/db --token=$API_TOKEN"]
RUN <<EOF
set -e
export TOKEN=$(cat /run/secrets/token)
SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile
EOF
USER 10001
