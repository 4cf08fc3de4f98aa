# A script that may switch users inside cannot be seen: no USER, root.
FROM postgres:16
COPY entrypoint.sh /usr/local/bin/
ENTRYPOINT ["entrypoint.sh"]
CMD ["gosu", "postgres", "postgres"]
