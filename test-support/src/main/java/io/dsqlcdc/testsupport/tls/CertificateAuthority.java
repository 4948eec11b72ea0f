package io.dsqlcdc.testsupport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority generated at run time, so that tests exercise real certificate verification
 * ({@code sslmode=verify-full}, hostname checks) the way production does against DSQL or a managed Kafka, without
 * any key material committed to the repository.
 */
public final class CertificateAuthority {
  private static final Duration VALIDITY = Duration.ofDays(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private CertificateAuthority(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /** A new self-signed CA with the given common name. */
  public static CertificateAuthority generate(String commonName) {
    try {
      KeyPair keyPair = newKeyPair();
      X500Name name = new X500Name("CN=" + commonName);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(name, name, keyPair)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      return new CertificateAuthority(keyPair, sign(builder, keyPair.getPrivate()));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate a CA", e);
    }
  }

  /**
   * A server certificate signed by this CA, valid for the given host names and IP addresses (each becomes a
   * subject alternative name; the first is also the common name).
   */
  public IssuedCertificate issueServerCertificate(String... hosts) {
    try {
      KeyPair serverKeys = newKeyPair();
      List<GeneralName> names = new ArrayList<>();
      for (String host : hosts) {
        names.add(isIpAddress(host) ? new GeneralName(GeneralName.iPAddress, host)
            : new GeneralName(GeneralName.dNSName, host));
      }
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(new X500Name("CN=" + certificateName()), new X500Name("CN=" + hosts[0]),
          serverKeys)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(certificate));
      return new IssuedCertificate(sign(builder, keyPair.getPrivate()), serverKeys.getPrivate());
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a server certificate", e);
    }
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes the CA certificate as PEM (what {@code sslrootcert} or a truststore of type PEM takes). */
  public Path writeCertificate(Path file) {
    return writePem(file, certificate, false);
  }

  /** The CA certificate as PEM text (what Kafka's {@code ssl.truststore.certificates} takes). */
  public String certificatePem() {
    return pem(certificate);
  }

  private String certificateName() {
    return certificate.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
  }

  private static boolean isIpAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static Path writePem(Path file, Object object, boolean secret) {
    try {
      Files.writeString(file, pem(object), StandardCharsets.US_ASCII);
      if (secret) {
        // PostgreSQL refuses a private key that others can read
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A certificate issued by a {@link CertificateAuthority} with its private key. */
  public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    /** Writes the certificate as PEM. */
    public Path writeCertificate(Path file) {
      return writePem(file, certificate, false);
    }

    /** The certificate as PEM text. */
    public String certificatePem() {
      return pem(certificate);
    }

    /** Writes the private key as PEM, readable by the owner only. */
    public Path writePrivateKey(Path file) {
      return writePem(file, pkcs8(), true);
    }

    /** The private key as unencrypted PKCS#8 PEM text (what Kafka's {@code ssl.keystore.key} takes). */
    public String privateKeyPem() {
      return pem(pkcs8());
    }

    private Object pkcs8() {
      try {
        // PKCS#8 ("PRIVATE KEY"), the form both OpenSSL (PostgreSQL) and Kafka's PEM key stores read
        return new JcaPKCS8Generator(privateKey, null).generate();
      } catch (PemGenerationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
