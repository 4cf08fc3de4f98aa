# Credentials written into RUN instructions stay in the image history.
FROM alpine:3.20 AS build
RUN echo 'root:Dk8Lq2Zm5Nv!' | chpasswd \
 && htpasswd -bc /etc/nginx/.htpasswd admin Wv7Lt4Kp8Zq
RUN ["sh", "-c", "app init --db-password=Hx7kq2Vb9wLzT"]
RUN <<EOF
set -e
export API_TOKEN=Tq7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe
./configure
EOF

FROM alpine:3.20
COPY --from=build /app /app
USER 10001
RUN openssl pkcs12 -export -in /app/c.pem -inkey /app/k.pem -out /app/k.p12 -passout pass:Qm7vR2xLp9Tz
