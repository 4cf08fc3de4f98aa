# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    New-LocalUser -Name app -NoPassword
USER app
CMD ["cmd"]
