# The file moves ASP.NET Core's server from port 80 to 8080: a USER can
# follow.
FROM mcr.microsoft.com/dotnet/aspnet:6.0
ENV ASPNETCORE_URLS=http://+:8080
WORKDIR /app
COPY publish/ .
ENTRYPOINT ["dotnet", "App.dll"]
