# Jenkins' image runs as `jenkins`, but this stage switches to root to
# install a tool and never switches back.
FROM jenkins/jenkins:lts-jdk17
USER root
RUN apt-get update && apt-get install -y --no-install-recommends docker-ce-cli
