# A generated image for a small API: its secrets are the notices that ask
# to be changed, which anyone can guess as well as `changeme` (notes), and
# one value someone chose (an error).
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
ENV JWT_SECRET=change-me-in-production
ENV REFRESH_TOKEN_SECRET=dev_only_refresh_secret_change_in_production
ENV SESSION_SECRET=qT4mZ8vLx2Rk
USER node
CMD ["node", "dist/server.js"]
