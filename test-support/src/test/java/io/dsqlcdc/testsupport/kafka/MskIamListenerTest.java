package io.dsqlcdc.testsupport.kafka;

import static io.dsqlcdc.testsupport.kafka.MskIamTokenValidatorTest.KEY;
import static io.dsqlcdc.testsupport.kafka.MskIamTokenValidatorTest.REGION;
import static io.dsqlcdc.testsupport.kafka.MskIamTokenValidatorTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker's MSK IAM listener against aws-msk-iam-auth as a Kafka client, over TLS. */
class MskIamListenerTest {
  @RegisterExtension
  static final KafkaExtension kafka = KafkaExtension.builder().mskIam(REGION, KEY, SECRET).build();

  private static void describeCluster(String region, String key, String secret) throws Exception {
    try (MskIamClient credentials = new MskIamClient(region, key, secret);
        Admin admin = Admin.create(MskIamClient.adminProperties(kafka))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void theLibrarysTokenForTheClustersRegionAndKeyIsAccepted() throws Exception {
    describeCluster(REGION, KEY, SECRET);
  }

  @Test
  void aTokenForAnotherRegionIsRefusedAndTheClientReadsWhy() {
    assertThatThrownBy(() -> describeCluster("us-east-1", KEY, SECRET))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SaslAuthenticationException.class)
        .hasMessageContaining("the token is signed for region us-east-1, this cluster is in eu-west-1");
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    assertThatThrownBy(() -> describeCluster(REGION, KEY, "not-the-secret"))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SaslAuthenticationException.class)
        .hasMessageContaining("the signature does not match");
  }
}
