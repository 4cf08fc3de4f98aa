# escape=`
# The Windows variant of a multi-platform base, told by its tag: it runs as
# ContainerAdministrator, and a Linux uid means nothing to it.
FROM plugins/base:windows-1809
ADD release/windows/amd64/drone-docker.exe C:/bin/drone-docker.exe
ENTRYPOINT [ "C:\\bin\\drone-docker.exe" ]
