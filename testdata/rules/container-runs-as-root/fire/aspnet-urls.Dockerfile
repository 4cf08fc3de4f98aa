# The server's URLs name port 443.
FROM mcr.microsoft.com/dotnet/aspnet:8.0
ENV ASPNETCORE_URLS=https://+:443
WORKDIR /app
COPY publish/ .
ENTRYPOINT ["dotnet", "App.dll"]
