package io.dsqlcdc.testsupport.kafka;

/** One way of running the single-node KRaft broker behind a {@link KafkaExtension}. */
interface Broker {
  /** Formats storage on the first call, then starts the broker and returns once it serves requests. */
  void start() throws Exception;

  /** Stops the broker, keeping its ports and log directory for a later {@link #start()}. */
  void stop();

  /** Stops the broker and deletes everything it wrote. */
  void destroy();

  /** The PLAINTEXT listener. */
  String bootstrapServers();

  /** The listener of that name from {@link BrokerSettings#extraListeners()}, or null when it was not configured. */
  String bootstrapServers(String listener);
}
