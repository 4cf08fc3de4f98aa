FROM node:20-alpine
HEALTHCHECK CMD wget -qO- http://localhost:3000/ || exit 1
# Applies to images built FROM this one, not to this one.
ONBUILD HEALTHCHECK NONE
