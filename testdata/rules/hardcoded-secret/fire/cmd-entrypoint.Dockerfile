# Credentials in the commands an image runs: they stay in the image config.
FROM registry.internal/base:1.2.0
USER 10001
HEALTHCHECK --interval=30s CMD curl -fsS -u monitor:Zt9Kq2Lm8Vx http://localhost:8080/health || exit 1
ENTRYPOINT ["app", "--db-password=Hx7kq2Vb9wLzT"]
CMD exec app serve --api-token Tq7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe
