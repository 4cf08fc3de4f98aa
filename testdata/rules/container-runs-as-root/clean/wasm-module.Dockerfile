FROM rust:1.79 AS build
RUN rustup target add wasm32-wasi && cargo build --target wasm32-wasi --release

# A Wasm module: a Wasm runtime (WasmEdge, wasmtime) runs it, with no uid.
FROM scratch
ENTRYPOINT [ "etl.wasm" ]
COPY --link --from=build /target/wasm32-wasi/release/etl.wasm /etl.wasm
