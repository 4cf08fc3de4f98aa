FROM gradle:8-jdk17 AS builder
COPY . /src
RUN cd /src/android && ./gradlew assembleRelease

# The image only carries the built package for another stage or a CI job to
# copy out: nothing in `scratch` can open an .apk.
FROM scratch
COPY --from=builder /src/android/app/build/outputs/apk/release/app-release.apk /app.apk
ENTRYPOINT ["/app.apk"]
