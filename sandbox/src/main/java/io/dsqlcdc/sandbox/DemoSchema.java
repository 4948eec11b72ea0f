package io.dsqlcdc.sandbox;

import io.dsqlcdc.testsupport.postgres.PostgresExtension;

/** The demo tables the sandbox captures, in schema demo, readable by the capture role. */
final class DemoSchema {
  private DemoSchema() {
  }

  static void create(PostgresExtension postgres) {
    String role = postgres.captureUser();
    postgres.execute(
        "CREATE SCHEMA IF NOT EXISTS demo",
        "CREATE TABLE IF NOT EXISTS demo.customers (id bigserial PRIMARY KEY, name text NOT NULL, email text,"
            + " tier text NOT NULL DEFAULT 'standard', updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE IF NOT EXISTS demo.orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
            + " customer_id bigint NOT NULL, amount numeric(12,2) NOT NULL, status text NOT NULL DEFAULT 'new',"
            + " updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz)",
        "GRANT USAGE ON SCHEMA demo TO " + role,
        "GRANT SELECT ON ALL TABLES IN SCHEMA demo TO " + role);
  }
}
