# syntax=docker/dockerfile:1
# devops-check itself: a static-enough binary on a distroless, non-root base.
FROM rust:1.91-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY policies ./policies
COPY vendor ./vendor
RUN cargo build --release --locked \
    && strip target/release/devops-check

# devops-check: ignore[missing-healthcheck] a CLI that exits after each run has no health to probe
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/devops-check /usr/local/bin/devops-check
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/devops-check"]
CMD ["."]
