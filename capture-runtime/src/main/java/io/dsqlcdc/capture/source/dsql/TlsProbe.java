package io.dsqlcdc.capture.source.dsql;

import io.dsqlcdc.api.spec.SourceTlsMode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.postgresql.core.SocketFactoryFactory;
import org.postgresql.ssl.PGjdbcHostnameVerifier;
import org.postgresql.util.PSQLException;

/**
 * Reaches an endpoint over TCP and, unless TLS is disabled, negotiates TLS the way PostgreSQL does (an SSLRequest,
 * then the handshake) with pgjdbc's own socket factory and host name check for the same settings the pools use,
 * so that "reachable" and "TLS verified" can be told apart from a failed login.
 */
public final class TlsProbe {
  /** PostgreSQL's SSLRequest code: 1234 in the high 16 bits, 5679 in the low. */
  private static final int SSL_REQUEST = 80877103;

  private TlsProbe() {
  }

  /** Thrown when TCP works but TLS does not. */
  public static final class TlsFailure extends IOException {
    TlsFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What was reached; throws IOException when the endpoint cannot be reached, TlsFailure when TLS fails. */
  public static String probe(Endpoint endpoint, JdbcSettings jdbc) throws IOException {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, jdbc.connectTimeoutSeconds() * 1000);
    try (Socket tcp = new Socket()) {
      tcp.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
      tcp.setSoTimeout(timeoutMillis);
      if (jdbc.tls().mode() == SourceTlsMode.DISABLE) {
        return "TCP connected; TLS disabled (tls.mode disable)";
      }
      DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
      out.writeInt(8);
      out.writeInt(SSL_REQUEST);
      out.flush();
      int answer = new DataInputStream(tcp.getInputStream()).read();
      if (answer != 'S') {
        throw new TlsFailure("the server does not offer TLS (answered " + (answer < 0 ? "nothing" : "'" + (char) answer + "'")
            + " to an SSLRequest)", null);
      }
      return handshake(tcp, endpoint, jdbc);
    }
  }

  private static String handshake(Socket tcp, Endpoint endpoint, JdbcSettings jdbc) throws TlsFailure {
    try {
      SSLSocketFactory factory = SocketFactoryFactory.getSslSocketFactory(jdbc.properties(endpoint));
      SSLSocket tls = (SSLSocket) factory.createSocket(tcp, endpoint.host(), endpoint.port(), false);
      tls.startHandshake();
      SSLSession session = tls.getSession();
      boolean verifyName = jdbc.tls().mode() == SourceTlsMode.VERIFY_FULL;
      if (verifyName && !PGjdbcHostnameVerifier.INSTANCE.verify(endpoint.host(), session)) {
        throw new TlsFailure("the server certificate is not valid for host name " + endpoint.host(), null);
      }
      X509Certificate cert = (X509Certificate) session.getPeerCertificates()[0];
      return session.getProtocol() + ", certificate " + cert.getSubjectX500Principal().getName() + " issued by "
          + cert.getIssuerX500Principal().getName() + (verifyName
          ? ", verified against " + jdbc.trustDescription() + " and the host name"
          : ", not verified (tls.mode require)");
    } catch (TlsFailure e) {
      throw e;
    } catch (SSLPeerUnverifiedException e) {
      throw new TlsFailure("the server sent no certificate", e);
    } catch (IOException | PSQLException e) {
      throw new TlsFailure(e.getMessage(), e);
    }
  }
}
