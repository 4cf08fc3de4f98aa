# OpenShift style: a non-root uid in the root group.
FROM registry.access.redhat.com/ubi9/ubi-minimal
USER 1001:0
CMD ["sh"]
