# Grafana's image runs as uid 472.
FROM grafana/grafana:latest
COPY provisioning/ /etc/grafana/provisioning/
