# ASP.NET Core's images before .NET 8 listen on port 80.
FROM mcr.microsoft.com/dotnet/aspnet:6.0
WORKDIR /app
COPY publish/ .
ENTRYPOINT ["dotnet", "App.dll"]
