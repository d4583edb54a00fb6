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
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "quarkus-run.jar"]
