# Build from the repository root after ./mvnw package:
#   docker build -f deploy/images/capture-runtime.Dockerfile -t ghcr.io/dsql-cdc/capture-runtime:0.1.0 .
FROM eclipse-temurin:17-jre
COPY capture-runtime/target/capture-runtime.jar /opt/dsqlcdc/capture-runtime.jar
USER 65532:65532
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/dsqlcdc/capture-runtime.jar"]
