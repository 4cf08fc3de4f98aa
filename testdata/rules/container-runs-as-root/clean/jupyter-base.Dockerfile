# Jupyter Docker Stacks images run as jovyan (uid 1000): no USER needed.
ARG REGISTRY=quay.io
ARG OWNER=jupyter
ARG BASE_IMAGE=$REGISTRY/$OWNER/scipy-notebook
FROM $BASE_IMAGE
RUN mamba install --yes 'flake8' && mamba clean --all -f -y
