FROM node:20 AS build
HEALTHCHECK CMD node healthcheck.js
RUN npm ci && npm run build

# Copies from `build`, but does not start FROM it: no HEALTHCHECK here.
FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
