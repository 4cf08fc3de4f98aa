# The port the server listens on, from its variable.
FROM node:20-slim
ENV PORT=443
COPY . /app
CMD ["node", "/app/server.js"]
