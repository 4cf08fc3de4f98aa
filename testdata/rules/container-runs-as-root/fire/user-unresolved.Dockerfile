FROM node:20-alpine
# No default: whoever builds the image decides the user.
ARG APP_USER
USER $APP_USER
CMD ["node", "server.js"]
