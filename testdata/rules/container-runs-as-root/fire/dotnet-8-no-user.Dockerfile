# .NET 8 listens on 8080 and has the `app` user, but the stage never
# switches to it.
FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine
EXPOSE 8080
WORKDIR /app
COPY publish/ .
ENTRYPOINT ["./Api"]
