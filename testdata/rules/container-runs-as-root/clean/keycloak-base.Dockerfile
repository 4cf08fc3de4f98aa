# Keycloak's image ends `USER 1000`: building on it without a USER keeps it.
FROM quay.io/keycloak/keycloak:26.4
COPY themes/ /opt/keycloak/themes/
RUN /opt/keycloak/bin/kc.sh build
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
