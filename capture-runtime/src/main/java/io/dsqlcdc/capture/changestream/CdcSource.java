package io.dsqlcdc.capture.changestream;

/**
 * A CDC record's {@code source}: where and when the change was committed.
 *
 * @param tsNs commit time in nanoseconds since the epoch: the version of the changed row
 * @param txId the transaction's identifier (base32); every record of one transaction carries it
 */
public record CdcSource(String version, long tsMs, long tsNs, String txId, String schema, String table, String db,
                        String cluster) {

  /** {@code schema.table}, as {@code TableSpec.qualifiedName()} spells a table. */
  public String qualifiedTable() {
    return schema + "." + table;
  }
}
