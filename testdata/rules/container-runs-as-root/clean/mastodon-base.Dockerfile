# Mastodon's image ends `USER mastodon`: a theme copied in keeps that user.
FROM ghcr.io/mastodon/mastodon:v4.3.4
COPY --chown=mastodon:mastodon themes/ /opt/mastodon/app/javascript/styles/
