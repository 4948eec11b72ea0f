package io.dsqlcdc.testsupport.kafka;

import java.nio.file.Path;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/** The broker inside the test JVM through Kafka's own cluster test kit (internal API, kept behind this class). */
final class InProcessBroker implements Broker {
  private final BrokerSettings settings;
  private final Path logDirectory;
  private KafkaClusterTestKit cluster;

  /** @param logDirectory where the broker keeps its logs; the caller deletes it after {@link #destroy()} */
  InProcessBroker(BrokerSettings settings, Path logDirectory) {
    this.settings = settings;
    this.logDirectory = logDirectory;
  }

  @Override
  public void start() throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder()
        // not the test kit's own temporary directory: a JVM shutdown hook of Kafka's deletes that one while the
        // broker may still be stopping (a sandbox stopped with Ctrl-C), which makes the broker halt the JVM with 1
        .setBaseDirectory(logDirectory)
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        // the test kit defaults to unreleased metadata versions; behave like a released broker instead
        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
        .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
    settings.properties().forEach(builder::setConfigProp);
    if (!settings.extraListeners().isEmpty()) {
      String broker = nodes.brokerListenerName().value();
      String controller = nodes.controllerListenerName().value();
      StringBuilder listeners = new StringBuilder(broker + "://localhost:0," + controller + "://localhost:0");
      StringBuilder protocols = new StringBuilder(broker + ":PLAINTEXT," + controller + ":PLAINTEXT");
      settings.extraListeners().forEach((name, protocol) -> {
        listeners.append(',').append(name).append("://localhost:0");
        protocols.append(',').append(name).append(':').append(protocol);
      });
      builder.setConfigProp("listeners", listeners.toString());
      builder.setConfigProp("listener.security.protocol.map", protocols.toString());
    }
    cluster = builder.build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @Override
  public void stop() {
    throw new UnsupportedOperationException("an in-process broker cannot be stopped and restarted: use KafkaExtension.childProcess()");
  }

  @Override
  public void destroy() {
    if (cluster != null) {
      try {
        cluster.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the in-process Kafka broker", e);
      } finally {
        cluster = null;
      }
    }
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public String bootstrapServers(String listener) {
    if (!settings.extraListeners().containsKey(listener)) {
      return null;
    }
    return "localhost:" + cluster.brokers().values().iterator().next().boundPort(new ListenerName(listener));
  }
}
