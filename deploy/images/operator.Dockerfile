# Build from the repository root after ./mvnw package:
#   docker build -f deploy/images/operator.Dockerfile -t ghcr.io/dsql-cdc/operator:0.1.0 .
FROM eclipse-temurin:17-jre
COPY operator/target/operator.jar /opt/dsqlcdc/operator.jar
# A numeric non-root user, so runAsNonRoot can verify it without a user database.
USER 65532:65532
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/dsqlcdc/operator.jar"]
