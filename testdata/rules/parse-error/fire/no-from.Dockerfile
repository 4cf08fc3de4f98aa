# A fragment that was meant to be appended to another Dockerfile.
ARG VERSION=1.0
RUN echo $VERSION
