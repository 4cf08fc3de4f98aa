# .NET 6 images have no APP_UID: the variable is empty unless the build
# sets it.
FROM mcr.microsoft.com/dotnet/aspnet:6.0
WORKDIR /app
COPY publish/ .
USER $APP_UID
ENTRYPOINT ["dotnet", "Api.dll"]
