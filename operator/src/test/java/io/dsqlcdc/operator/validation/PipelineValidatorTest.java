package io.dsqlcdc.operator.validation;

import static io.dsqlcdc.operator.TestPipelines.pipeline;
import static io.dsqlcdc.operator.TestPipelines.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.KafkaAuthType;
import io.dsqlcdc.api.spec.KafkaAuthentication;
import io.dsqlcdc.api.spec.SecretKeyRef;
import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.api.spec.SourceAuth;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.validation.Violation;
import io.dsqlcdc.operator.TestPipelines;
import io.dsqlcdc.operator.secrets.SecretCheck;
import io.dsqlcdc.operator.secrets.SecretReferences;
import io.dsqlcdc.operator.status.PipelineFacts.Blocker;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {
  static final Map<String, Secret> SECRETS = Map.of("confluent", TestPipelines.kafkaSecret("key", "secret"));

  static Optional<Blocker> blocker(DsqlCdcPipeline p, Map<String, Secret> secrets) {
    return PipelineValidator.blocker(p, new SecretCheck(SecretReferences.of(p.getSpec()), secrets));
  }

  @Test
  void acceptsAValidSpecWhoseSecretsExist() {
    assertThat(blocker(pipeline("orders"), SECRETS)).isEmpty();
  }

  @Test
  void reportsSpecViolationsByFieldAsInvalidSpec() {
    SourceSpec s = spec().source();
    DsqlCdcPipeline p = pipeline("orders", TestPipelines.withSource(spec(), new SourceSpec(
        java.util.List.of("db.example.com"), null, s.port(), s.database(), s.user(), SourceAuth.iam(null), s.tls(),
        s.pool())));
    Blocker b = blocker(p, SECRETS).orElseThrow();
    assertThat(b.reason()).isEqualTo("InvalidSpec");
    assertThat(b.message()).startsWith("spec.source.endpoints[0]: ").contains("set spec.source.region");
  }

  @Test
  void rejectsANameThatCannotNameTheService() {
    assertThat(PipelineValidator.specViolations(pipeline("1-orders.v2")))
        .extracting(Violation::field).containsExactly("metadata.name");
  }

  @Test
  void rejectsTwoReferencesThatShareAnEnvironmentVariable() {
    DsqlCdcPipelineSpec s = spec();
    SinkSpec k = s.sink();
    KafkaAuthentication clash = KafkaAuthentication.sasl(KafkaAuthType.PLAIN, new SecretKeyRef("a-b", "c"),
        new SecretKeyRef("a", "b-c"));
    DsqlCdcPipeline p = pipeline("orders", new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(),
        new SinkSpec(k.bootstrapServers(), k.topicPrefix(), clash, k.tls(), k.format(), k.topics(), k.producer()),
        null, null, null));
    assertThat(PipelineValidator.specViolations(p)).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.sink.authentication.passwordSecret");
      assertThat(v.reason()).contains("SECRET_A_B_C");
    });
  }

  @Test
  void namesAMissingSecretAsSecretNotFound() {
    Blocker b = blocker(pipeline("orders"), Map.of()).orElseThrow();
    assertThat(b.reason()).isEqualTo("SecretNotFound");
    assertThat(b.message()).isEqualTo("Secret confluent not found (spec.sink.authentication.usernameSecret); "
        + "Secret confluent not found (spec.sink.authentication.passwordSecret)");
  }

  @Test
  void namesAMissingKeyAsSecretNotFound() {
    Secret partial = TestPipelines.secret("confluent", Map.of("api-key", "key"));
    Blocker b = blocker(pipeline("orders"), Map.of("confluent", partial)).orElseThrow();
    assertThat(b.reason()).isEqualTo("SecretNotFound");
    assertThat(b.message()).isEqualTo("Secret confluent has no key api-secret (spec.sink.authentication.passwordSecret)");
  }

  @Test
  void reportsAnInvalidSpecBeforeMissingSecrets() {
    DsqlCdcPipeline p = pipeline("orders", new DsqlCdcPipelineSpec(null, spec().source(), java.util.List.of(), null,
        spec().sink(), null, null, null));
    assertThat(blocker(p, Map.of()).orElseThrow().reason()).isEqualTo("InvalidSpec");
  }
}
