# HEALTHCHECK NONE is healthcheck-disabled's finding, not this rule's.
FROM alpine:3.19
HEALTHCHECK NONE
