FROM node:20-alpine
ARG APP_UID=10001
ENV RUN_AS=${APP_UID}
USER ${RUN_AS:-0}
CMD ["node", "server.js"]
