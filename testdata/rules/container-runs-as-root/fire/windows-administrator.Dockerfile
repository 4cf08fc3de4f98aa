# escape=`
# Windows containers' superuser is ContainerAdministrator (names are
# case-insensitive there).
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command Install-WindowsFeature Web-Server
USER containeradministrator
