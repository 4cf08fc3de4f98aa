# The official nginx image needs root for port 80 and its cache and pid
# file: a USER would break it, nginx-unprivileged is the repair.
FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM nginx:alpine
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
