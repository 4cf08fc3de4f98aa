# Jenkins' own image ends `USER jenkins`: a Dockerfile that installs
# plugins as that user, or steps up to root and back, keeps it.
FROM jenkins/jenkins:lts-jdk17
USER root
RUN apt-get update && apt-get install -y --no-install-recommends docker-ce-cli
USER jenkins
RUN jenkins-plugin-cli --plugins configuration-as-code git

FROM otel/opentelemetry-collector-contrib:0.110.0
COPY config.yaml /etc/otelcol-contrib/config.yaml
