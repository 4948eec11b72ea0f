package io.dsqlcdc.testsupport.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler;

/**
 * aws-msk-iam-auth as a Kafka client uses it, with credentials and region from JVM system properties (the default
 * chain's {@code aws.accessKeyId}, {@code aws.secretAccessKey}, {@code aws.region}), set only while a test runs.
 */
final class MskIamClient implements AutoCloseable {
  private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region");

  MskIamClient(String region, String accessKeyId, String secretAccessKey) {
    System.setProperty("aws.accessKeyId", accessKeyId);
    System.setProperty("aws.secretAccessKey", secretAccessKey);
    System.setProperty("aws.region", region);
  }

  /** Admin client properties for the MSK IAM listener. */
  static Map<String, Object> adminProperties(KafkaExtension kafka) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.mskIamBootstrapServers());
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
    p.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, kafka.mskIamCaCertificatePem());
    p.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
    p.put(SaslConfigs.SASL_JAAS_CONFIG, OAuthBearerLoginModule.class.getName() + " required;");
    p.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, IAMOAuthBearerLoginCallbackHandler.class.getName());
    p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, IAMOAuthBearerLoginCallbackHandler.class.getName());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    return p;
  }

  /** A token exactly as the library's login handler makes it for a Kafka client. */
  String token() throws Exception {
    IAMOAuthBearerLoginCallbackHandler handler = new IAMOAuthBearerLoginCallbackHandler();
    handler.configure(Map.of(), OAuthBearerLoginModule.OAUTHBEARER_MECHANISM, List.of(new AppConfigurationEntry(
        OAuthBearerLoginModule.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())));
    try {
      OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
      handler.handle(new Callback[] {callback});
      return callback.token().value();
    } finally {
      handler.close();
    }
  }

  @Override
  public void close() {
    PROPERTIES.forEach(System::clearProperty);
  }
}
