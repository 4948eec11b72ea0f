package io.dsqlcdc.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A steady trickle of inserts, updates and soft deletes into the demo tables, so there is something to capture. */
final class TrickleWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrickleWriter.class);

  private final DataSource dataSource;
  private final AtomicLong ticks = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trickle-writer");
    t.setDaemon(true);
    return t;
  });

  TrickleWriter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void start(long periodMillis) {
    timer.scheduleWithFixedDelay(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    long n = ticks.incrementAndGet();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO demo.customers (name, email) VALUES ('customer " + n + "', 'c" + n + "@example.com')");
      s.execute("INSERT INTO demo.orders (customer_id, amount) SELECT max(id), " + (n % 500) + ".25 FROM demo.customers");
      if (n % 3 == 0) {
        s.execute("UPDATE demo.orders SET status = 'paid', updated_at = now() WHERE id = (SELECT id FROM demo.orders"
            + " WHERE status = 'new' AND deleted_at IS NULL ORDER BY updated_at LIMIT 1)");
      }
      if (n % 10 == 0) {
        s.execute("UPDATE demo.orders SET deleted_at = now(), updated_at = now() WHERE id = (SELECT id FROM demo.orders"
            + " WHERE status = 'paid' AND deleted_at IS NULL ORDER BY updated_at LIMIT 1)");
      }
    } catch (SQLException e) {
      LOG.warn("demo writer: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
