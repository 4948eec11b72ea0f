package io.dsqlcdc.testsupport.kafka;

import io.dsqlcdc.testsupport.tls.CertificateAuthority;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SASL_SSL listener that accepts MSK IAM tokens (SASL/OAUTHBEARER, checked by {@link MskIamTokenValidator}) signed
 * for {@code region} with one access key, behind a server certificate for localhost and 127.0.0.1 issued by a CA
 * generated for the test.
 */
record MskIamListener(String region, String accessKeyId, String secretAccessKey, CertificateAuthority ca,
    CertificateAuthority.IssuedCertificate server) {
  static final String NAME = "IAM";

  static MskIamListener generate(String region, String accessKeyId, String secretAccessKey) {
    CertificateAuthority ca = CertificateAuthority.generate("dsqlcdc test MSK CA");
    return new MskIamListener(region, accessKeyId, secretAccessKey, ca, ca.issueServerCertificate("localhost", "127.0.0.1"));
  }

  Map<String, String> properties() {
    String prefix = "listener.name." + NAME.toLowerCase() + ".";
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(prefix + "sasl.enabled.mechanisms", "OAUTHBEARER");
    properties.put(prefix + "oauthbearer.sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
        + " required unsecuredLoginStringClaim_sub=\"broker\" " + MskIamTokenValidator.REGION + "=\"" + region + "\" "
        + MskIamTokenValidator.ACCESS_KEY_ID + "=\"" + accessKeyId + "\" "
        + MskIamTokenValidator.SECRET_ACCESS_KEY + "=\"" + secretAccessKey + "\";");
    properties.put(prefix + "oauthbearer.sasl.server.callback.handler.class", MskIamTokenValidator.class.getName());
    properties.put(prefix + "ssl.keystore.type", "PEM");
    properties.put(prefix + "ssl.keystore.certificate.chain", server.certificatePem());
    properties.put(prefix + "ssl.keystore.key", server.privateKeyPem());
    return properties;
  }
}
