FROM node:20-alpine
HEALTHCHECK NONE
# Replaced: the last HEALTHCHECK wins.
HEALTHCHECK CMD node healthcheck.js
