package io.dsqlcdc.capture.dsqlstream;

import io.dsqlcdc.api.status.ChangeStreamStatus;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.capture.status.StreamStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stream mode with {@code changeStream.dsqlStreamArn}: reads the DSQL stream's own status with GetStream at start
 * and then every {@code interval} (60 s in the runtime) and puts it, with what it means, into the stream's status.
 * A failing poll never stops anything: the relay keeps relaying what Kinesis has, and the next poll tries again.
 */
public final class DsqlStreamMonitor implements AutoCloseable {
  public static final Duration INTERVAL = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(DsqlStreamMonitor.class);

  private final GetStreamClient client;
  private final String kinesisStreamArn;
  private final StreamStatus status;
  private final Duration interval;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "dsql-stream-status");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean active;
  private String lastReason;

  public DsqlStreamMonitor(GetStreamClient client, String kinesisStreamArn, StreamStatus status, Duration interval) {
    this.client = client;
    this.kinesisStreamArn = kinesisStreamArn;
    this.status = status;
    this.interval = interval;
  }

  /** Polls now and then every interval. */
  public void start() {
    scheduler.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** 1 for the gauge while the DSQL stream is ACTIVE and publishes into the relayed Kinesis stream. */
  public boolean active() {
    return active;
  }

  /** One GetStream and its verdict into the status; never throws. */
  void poll() {
    String checkedAt = Instant.now().toString();
    DsqlStreamVerdict verdict;
    ChangeStreamStatus.DsqlStream seen;
    try {
      DsqlStreamState state = client.get();
      verdict = DsqlStreamVerdict.of(state, client.streamArn(), kinesisStreamArn);
      seen = new ChangeStreamStatus.DsqlStream(client.streamArn(), state.status(), state.error(),
          state.targetStreamArn(), checkedAt);
    } catch (GetStreamException e) {
      verdict = DsqlStreamVerdict.of(e, client.streamArn());
      seen = new ChangeStreamStatus.DsqlStream(client.streamArn(), null, null, null, checkedAt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      verdict = new DsqlStreamVerdict(TableReasons.CHANGE_STREAM_STATUS_UNREADABLE,
          "reading the DSQL stream's status failed, retrying in a minute: " + e, false);
      seen = new ChangeStreamStatus.DsqlStream(client.streamArn(), null, null, null, checkedAt);
    }
    active = verdict.active();
    status.dsqlStream(seen, verdict.reason(), verdict.message());
    if (!Objects.equals(verdict.reason(), lastReason)) {
      if (verdict.reason() == null) {
        LOG.info("DSQL stream {} is {}", client.streamArn(), seen.status());
      } else {
        LOG.warn("DSQL stream {}: {}: {}", client.streamArn(), verdict.reason(), verdict.message());
      }
      lastReason = verdict.reason();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
