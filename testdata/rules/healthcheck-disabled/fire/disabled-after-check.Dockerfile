FROM node:20-alpine AS base
HEALTHCHECK CMD wget -qO- http://localhost:3000/ || exit 1

FROM base
# The last HEALTHCHECK wins.
healthcheck none
