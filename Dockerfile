# syntax=docker/dockerfile:1
# Build with the Maven wrapper on a JDK, run on a JRE as an unprivileged user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY templates templates
RUN ./mvnw -B -q -DskipTests package && cp target/recap-*.jar /build/recap.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system recap && useradd --system --gid recap --home-dir /var/lib/recap --create-home recap
WORKDIR /var/lib/recap
COPY --from=build /build/recap.jar /opt/recap/recap.jar
USER recap
# data/ holds the embedded H2 database and the outbox when no database or SMTP relay is configured
VOLUME /var/lib/recap/data
EXPOSE 8080
# the parallel collector: Recap's work is batches (import, send, ingest) in a small heap, where G1's concurrent work
# cost a 300,000-row import 10-15% more CPU (docs/performance.md); its pauses stay short at these heap sizes
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/recap/recap.jar"]
