package io.dsqlcdc.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Poll mode's demo writes, as plain SQL: a customer and an order each round, every third round an order paid, every
 * tenth a paid order soft deleted (poll mode sees deletes through {@code deleted_at}).
 */
final class SqlDemoWrites implements DemoWrites {
  private final DataSource dataSource;

  SqlDemoWrites(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void round(long n) throws SQLException {
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
    }
  }
}
