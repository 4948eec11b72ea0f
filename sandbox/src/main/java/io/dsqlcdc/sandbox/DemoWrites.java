package io.dsqlcdc.sandbox;

/** One round of the demo's writes to demo.customers and demo.orders, the n-th since start (from 1). */
interface DemoWrites extends AutoCloseable {
  void round(long n) throws Exception;

  @Override
  default void close() {
  }
}
