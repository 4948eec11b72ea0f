/**
 * JUnit 5 fixtures with real components for the project's tests: {@code postgres.PostgresExtension} (PostgreSQL
 * made DSQL-like: TLS only, passwords, no superuser, late commits, killed connections), {@code kafka.KafkaExtension}
 * (a KRaft broker in-process or as a restartable child JVM, optional SASL/PLAIN), {@code
 * kubernetes.KubernetesMockExtension} (fabric8's CRUD mock API with the project's CRD, requests recorded) and
 * {@code proxy.FaultProxy} (stalls, resets and refusals on a TCP path), {@code dsql.FakeDsqlControlPlane} (DSQL's
 * GetStream with a settable answer, requests and their SigV4 Authorization recorded). {@code promql.PromqlParser} runs Prometheus's
 * own PromQL grammar (npm {@code @prometheus-io/lezer-promql}, with the machine's Node.js); {@code tools.KubernetesCli}
 * and {@code tools.NpmPackage} install real command-line tools (kubectl, helm, npm packages) at pinned versions into
 * a cache folder on first use. Each fixture starts per class, per test or
 * once per JVM and removes its processes, ports and temp dirs when done, also after a failure.
 */
package io.dsqlcdc.testsupport;
