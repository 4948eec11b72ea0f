package io.dsqlcdc.testsupport.kubernetes;

import io.dsqlcdc.testsupport.Fixture;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The Kubernetes API for operator tests: fabric8's mock API server in CRUD mode (it stores what is written and
 * serves it back, watches included) with the project's CRD registered first, so that the {@code status}
 * subresource behaves as on a real API server (update ignores status, updateStatus changes only status).
 * Every request the server receives, from any client, is recorded so that tests can check them against RBAC.
 *
 * <p>The CRD is read from the file named by the system property {@value #CRD_PROPERTY}, else from
 * {@code crds/dsqlcdcpipelines.dsqlcdc.io-v1.yml} in the working directory or a parent of it, else from the api
 * jar's {@code META-INF/fabric8/}.
 */
public final class KubernetesMockExtension extends Fixture {
  /** System property naming the CRD file to register. */
  public static final String CRD_PROPERTY = "dsqlcdc.crd.file";
  private static final String CRD_FILE = "dsqlcdcpipelines.dsqlcdc.io-v1.yml";
  // the mock server logs every request at INFO through java.util.logging; requests() is the record instead.
  // Held in a field: java.util.logging keeps loggers only weakly, and a collected logger loses its level.
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet(MockWebServer.class.getName());

  private RecordingDispatcher dispatcher;
  private KubernetesMockServer server;
  private KubernetesClient client;

  private KubernetesMockExtension() {
    super(false);
  }

  /** A mock API server; register it on a static field for one per class, on an instance field for one per test. */
  public static KubernetesMockExtension create() {
    return new KubernetesMockExtension();
  }

  @Override
  protected void startFixture() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    dispatcher = new RecordingDispatcher(expectations);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = newClient();
    try (InputStream crd = openCrd()) {
      client.apiextensions().v1().customResourceDefinitions().resource(
          client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dispatcher.clearRequests();
  }

  @Override
  protected void stopFixture() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (server != null) {
      server.destroy();
      server = null;
    }
  }

  /** The client for test code; its requests are recorded like any other client's. */
  public KubernetesClient client() {
    requireRunning();
    return client;
  }

  /** A new client of the mock server (e.g. for the operator under test); the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** Client configuration pointing at the mock server (namespace {@code test}, no TLS, no auth). */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(masterUrl())
        .withNamespace("test")
        .withTrustCerts(true)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  /**
   * Answers requests the CRUD store cannot (e.g. {@code SelfSubjectRulesReview}, which a real API server computes
   * from RBAC): an expectation set here is answered before the store, and the request is still recorded.
   */
  public MockServerExpectation expect() {
    requireRunning();
    return server.expect();
  }

  /** The mock server's base URL, e.g. {@code http://127.0.0.1:43121/}. */
  public String masterUrl() {
    return server.url("/");
  }

  /** Every request received since start (excluding the CRD registration) or the last {@link #clearRequests()}. */
  public List<RecordedRequest> requests() {
    requireRunning();
    return dispatcher.requests();
  }

  /** Forgets the requests recorded so far. */
  public void clearRequests() {
    requireRunning();
    dispatcher.clearRequests();
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private static InputStream openCrd() throws IOException {
    String configured = System.getProperty(CRD_PROPERTY);
    if (configured != null) {
      return Files.newInputStream(Path.of(configured));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("crds").resolve(CRD_FILE);
      if (Files.isRegularFile(candidate)) {
        return Files.newInputStream(candidate);
      }
    }
    InputStream packaged = KubernetesMockExtension.class.getResourceAsStream("/META-INF/fabric8/" + CRD_FILE);
    if (packaged == null) {
      throw new IOException("CRD " + CRD_FILE + " not found: set -D" + CRD_PROPERTY + " or run below the project root");
    }
    return packaged;
  }
}
