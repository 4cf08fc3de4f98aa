# escape=`
# .NET Framework images are Windows Server Core ones: they run as
# ContainerAdministrator, which has no uid, and no USER fix is offered.
FROM microsoft/dotnet-framework:4.7.1 AS runtime
WORKDIR /app
COPY app/ .
ENTRYPOINT ["aspnetapp.exe"]
