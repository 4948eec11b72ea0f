package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.capture.status.ConnectionProbe;
import java.time.Duration;

/**
 * Whether Kafka takes the pipeline's commits now, as /status and /readyz report it: the commit loop's last outcome, a
 * commit that has been running too long, and a broker check every few seconds (which also covers an idle pipeline).
 * Each source alone is too slow or too blind: the producer retries for minutes, and an idle pipeline commits nothing.
 */
public final class SinkHealth implements AutoCloseable {
  /** A commit running this long means the brokers take no writes (commits take milliseconds when they do). */
  public static final Duration STALL_LIMIT = Duration.ofSeconds(8);
  /** Between broker checks; a check that gets no answer fails after {@link #CHECK_TIMEOUT}. */
  public static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
  public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  private volatile ConnectionStatus whileConnecting;
  private volatile TransactionalWriter writer;
  private volatile BrokerCheck check;
  private volatile ConnectionProbe brokers;

  public SinkHealth(String endpoint) {
    this.whileConnecting = ConnectionStatus.down(endpoint, ConnectionReasons.STARTING, "not connected yet");
  }

  /** Before the writer works: why the last attempt to connect failed. */
  public void connecting(ConnectionStatus why) {
    whileConnecting = why;
  }

  /** The writer works: from now on its commits and the broker checks decide. */
  public void connected(TransactionalWriter connectedWriter, BrokerCheck brokerCheck) {
    ConnectionStatus up = connectedWriter.status();
    this.check = brokerCheck;
    this.brokers = new ConnectionProbe("kafka", brokerCheck::check, up, CHECK_INTERVAL);
    this.writer = connectedWriter;
  }

  public ConnectionStatus current() {
    TransactionalWriter w = writer;
    if (w == null) {
      return whileConnecting;
    }
    return combine(w.status(), w.commitRunningFor(), brokers.current(), STALL_LIMIT);
  }

  /**
   * The writer's failure (final) first, then the brokers' answer (it says why), then a commit that has been running
   * longer than the limit.
   */
  static ConnectionStatus combine(ConnectionStatus commits, Duration commitRunning, ConnectionStatus brokers,
      Duration stallLimit) {
    if (!commits.connected()) {
      return commits;
    }
    if (!brokers.connected()) {
      return brokers;
    }
    if (commitRunning.compareTo(stallLimit) > 0) {
      return ConnectionStatus.down(commits.endpoint(), ConnectionReasons.COMMIT_STALLED,
          "a Kafka transaction has been committing for " + commitRunning.toSeconds() + " s (limit "
              + stallLimit.toSeconds() + " s): the brokers take no writes; captured changes wait in memory");
    }
    return commits;
  }

  @Override
  public void close() {
    if (brokers != null) {
      brokers.close();
    }
    if (check != null) {
      check.close();
    }
  }
}
