package io.dsqlcdc.testsupport.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Broker properties shared by both ways of running it: single-node replication settings and the listeners beside
 * PLAINTEXT: when users are given, a SASL_PLAINTEXT listener named {@value #SASL_LISTENER} with the PLAIN mechanism;
 * when {@code mskIam} is given, its SASL_SSL listener.
 */
record BrokerSettings(Map<String, String> saslPlainUsers, MskIamListener mskIam) {
  static final String SASL_LISTENER = "SASL";

  BrokerSettings {
    saslPlainUsers = Map.copyOf(saslPlainUsers);
  }

  /** The listeners beside PLAINTEXT and CONTROLLER: name and security protocol. */
  Map<String, String> extraListeners() {
    Map<String, String> listeners = new LinkedHashMap<>();
    if (!saslPlainUsers.isEmpty()) {
      listeners.put(SASL_LISTENER, "SASL_PLAINTEXT");
    }
    if (mskIam != null) {
      listeners.put(MskIamListener.NAME, "SASL_SSL");
    }
    return listeners;
  }

  Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("offsets.topic.num.partitions", "1");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("transaction.state.log.num.partitions", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    properties.put("num.partitions", "1");
    properties.put("default.replication.factor", "1");
    properties.put("min.insync.replicas", "1");
    properties.put("auto.create.topics.enable", "false");
    if (!saslPlainUsers.isEmpty()) {
      String prefix = "listener.name." + SASL_LISTENER.toLowerCase() + ".";
      properties.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
      properties.put(prefix + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
          + saslPlainUsers.entrySet().stream()
              .map(user -> "user_" + user.getKey() + "=\"" + user.getValue() + "\"")
              .collect(Collectors.joining(" ")) + ";");
    }
    if (mskIam != null) {
      properties.putAll(mskIam.properties());
    }
    return properties;
  }
}
