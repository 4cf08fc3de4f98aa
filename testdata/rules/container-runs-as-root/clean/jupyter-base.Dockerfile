# Jupyter Docker Stacks images run as jovyan (uid 1000): no USER needed.
ARG REGISTRY=quay.io
ARG OWNER=jupyter
ARG BASE_IMAGE=$REGISTRY/$OWNER/scipy-notebook
FROM $BASE_IMAGE
RUN mamba install --yes 'flake8' && mamba clean --all -f -y
# Switching to root for system packages and back to the image's own user,
# a variable of the base image (jupyter/docker-stacks' minimal-notebook).
USER root
RUN apt-get update --yes && apt-get install --yes --no-install-recommends git && rm -rf /var/lib/apt/lists/*
USER ${NB_UID}
