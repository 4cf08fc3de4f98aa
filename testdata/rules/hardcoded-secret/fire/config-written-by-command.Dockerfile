# A configuration file written by a command, with a password in it: a value
# that is not a keyword of the file is a secret.
FROM alpine:3.20
RUN echo 'password: Zq8vR2mLx9tK' > /etc/app/config.yaml
USER 1000
