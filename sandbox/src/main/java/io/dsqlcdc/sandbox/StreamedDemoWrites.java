package io.dsqlcdc.sandbox;

import io.dsqlcdc.testsupport.kinesis.DsqlStreamSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Stream mode's demo writes: each round is one transaction through {@link DsqlStreamSimulator}, which commits it in
 * PostgreSQL and publishes DSQL-format change records for it to the Kinesis stream, as DSQL's CDC stream would (some
 * records twice, in another order than committed). A customer and an order each round, every third round an order
 * paid, every tenth a paid order deleted (a real DELETE: the stream carries deletes).
 */
final class StreamedDemoWrites implements DemoWrites {
  private final DsqlStreamSimulator dsql;
  private final Deque<Object> newOrders = new ArrayDeque<>();
  private final Deque<Object> paidOrders = new ArrayDeque<>();

  StreamedDemoWrites(DataSource dataSource, KinesisClient kinesis, String streamName) {
    this.dsql = DsqlStreamSimulator.builder(dataSource, kinesis, streamName)
        .duplicateFraction(0.1).maxDelay(Duration.ofMillis(500)).build();
  }

  @Override
  public void round(long n) {
    AtomicReference<Object> inserted = new AtomicReference<>();
    dsql.transaction(tx -> {
      Object customer = tx.insert("demo.customers", Map.of("name", "customer " + n, "email", "c" + n + "@example.com"))
          .get("id");
      inserted.set(tx.insert("demo.orders", Map.of("customer_id", customer, "amount", (n % 500) + ".25")).get("id"));
    });
    newOrders.addLast(inserted.get());
    if (n % 3 == 0 && !newOrders.isEmpty()) {
      Object order = newOrders.removeFirst();
      dsql.transaction(tx -> tx.update("demo.orders", Map.of("id", order),
          Map.of("status", "paid", "updated_at", Instant.now().toString())));
      paidOrders.addLast(order);
    }
    if (n % 10 == 0 && !paidOrders.isEmpty()) {
      Object order = paidOrders.removeFirst();
      dsql.transaction(tx -> tx.delete("demo.orders", Map.of("id", order)));
    }
  }

  @Override
  public void close() {
    dsql.close();
  }
}
