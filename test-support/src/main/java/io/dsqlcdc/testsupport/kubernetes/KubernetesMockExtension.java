package io.dsqlcdc.testsupport.kubernetes;

import io.dsqlcdc.testsupport.Fixture;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The Kubernetes API for operator tests and the sandbox: fabric8's mock API server in CRUD mode (it stores what is
 * written and serves it back, watches included) with the project's CRD registered first, so that the {@code status}
 * subresource behaves as on a real API server (update ignores status, updateStatus changes only status), and with
 * what the real {@code kubectl} needs added to it (see {@link ApiServerDispatcher}): discovery, Tables, conformant
 * merge patches, watches over HTTP, the CRD's schema and CEL rules on write, garbage collection of owned objects.
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

  private final Map<String, UnaryOperator<ObjectNode>> admissions = new LinkedHashMap<>();
  private ApiServerDispatcher dispatcher;
  private ApiHttpServer server;
  private KubernetesClient client;

  private KubernetesMockExtension() {
    super(false);
  }

  /** A mock API server; register it on a static field for one per class, on an instance field for one per test. */
  public static KubernetesMockExtension create() {
    return new KubernetesMockExtension();
  }

  /**
   * A mutating admission step for every create, update and patch of the resource type {@code plural} (before the
   * CRD's validation, as on a real API server); set it before the server starts.
   */
  public KubernetesMockExtension withAdmission(String plural, UnaryOperator<ObjectNode> mutation) {
    admissions.put(plural, mutation);
    return this;
  }

  @Override
  protected void startFixture() {
    dispatcher = new ApiServerDispatcher(admissions);
    server = new ApiHttpServer(dispatcher);
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = newClient();
    try (InputStream crd = openCrd()) {
      client.apiextensions().v1().customResourceDefinitions().resource(
          client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dispatcher.compileValidations();
    dispatcher.clearRequests();
  }

  @Override
  protected void stopFixture() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (server != null) {
      server.close();
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
        // a lost response fails the test that waits for it instead of hanging the build
        .withRequestTimeout((int) TimeUnit.MINUTES.toMillis(1))
        .build();
  }

  /**
   * Answers requests the CRUD store cannot (e.g. {@code SelfSubjectRulesReview}, which a real API server computes
   * from RBAC): a request with this method and path (query ignored) is answered with {@code status} and the JSON
   * that {@code reply} makes of the request's body, before the store sees it; the request is still recorded.
   */
  public void answer(String method, String path, int status, UnaryOperator<String> reply) {
    requireRunning();
    dispatcher.answer(method, path, status, reply);
  }

  /** The mock server's base URL, e.g. {@code http://127.0.0.1:43121/}. */
  public String masterUrl() {
    return server.url();
  }

  /**
   * Writes a kubeconfig for kubectl (one cluster, context and user, all named {@code contextName}, with
   * {@code namespace} as the context's default) and returns its path.
   */
  public Path writeKubeconfig(Path file, String contextName, String namespace) {
    requireRunning();
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: %3$s
        current-context: %1$s
        """.formatted(contextName, masterUrl().replaceFirst("/$", ""), namespace);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, kubeconfig);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
