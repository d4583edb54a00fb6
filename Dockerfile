# Runs the Quarkus fast-jar of one service built by ./cdp build (<module>/target/quarkus-app); docker-compose.yml
# builds each service from here with the repository as context:
#   docker build --build-arg MODULE=profile-projector --build-arg PORT=8081 .
FROM eclipse-temurin:21-jre
ARG MODULE
ARG PORT=8080
WORKDIR /deployments
COPY ${MODULE}/target/quarkus-app/lib/ lib/
COPY ${MODULE}/target/quarkus-app/*.jar ./
COPY ${MODULE}/target/quarkus-app/app/ app/
COPY ${MODULE}/target/quarkus-app/quarkus/ quarkus/
EXPOSE ${PORT}
# State stores (profile-projector, workflow-trigger) live on a volume at /data/state, owned by the unprivileged user.
RUN mkdir -p /data/state && chown 185 /data/state
USER 185
# The services' memory settings (docs/production.md, "Memory"), as in ./cdp up and the bench: the serial collector
# and a small initial heap, so the heap is committed as the live set needs, at most three quarters of the
# container's memory; the C library's free memory handed back every 2 s; at most two malloc arenas. Set
# JDK_JAVA_OPTIONS in the container's environment to choose otherwise.
ENV JDK_JAVA_OPTIONS="-XX:+UseSerialGC -Xms64m -XX:MaxRAMPercentage=75 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000 -Djdk.nio.maxCachedBufferSize=262144"
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-jar", "quarkus-run.jar"]
