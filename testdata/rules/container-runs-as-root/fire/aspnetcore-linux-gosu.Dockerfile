# .NET Core's `microsoft/aspnetcore` is a Linux image first (its Windows
# variants carry `nanoserver` in the tag), unlike `microsoft/aspnet`: it runs
# as root, and the entrypoint script may step down with the gosu installed
# here (a warning, not Windows' administrator).
FROM microsoft/aspnetcore:2.0.5
RUN apt-get update \
    && apt-get install -y --no-install-recommends gosu \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY publish/Api .
COPY entrypoint.sh /
RUN groupadd -g 999 api && useradd -r -u 999 -g api api && chown -R api:api /app
ENTRYPOINT ["/entrypoint.sh"]
