FROM quay.io/jupyter/base-notebook
USER root
RUN apt-get update --yes && apt-get install --yes --no-install-recommends curl
# Forgot to switch back to ${NB_UID}.
