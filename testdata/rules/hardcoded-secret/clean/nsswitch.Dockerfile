# Lines of nsswitch.conf written by a command: the `passwd` database and its
# sources, not a password.
FROM alpine:3.20
RUN echo 'passwd: files' >> /etc/nsswitch.conf \
 && echo "shadow: files systemd" >> /etc/nsswitch.conf
USER 1000
