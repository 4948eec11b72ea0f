package io.dsqlcdc.capture.config;

import java.nio.file.Path;

/**
 * Who this pipeline is: {@code namespace/name} from the resource's metadata when present, else the topic prefix.
 * Two runtimes with the same identity share one transactional.id, so the newer one fences the older.
 */
public record PipelineIdentity(String namespace, String name, String topicPrefix) {

  public static PipelineIdentity of(String namespace, String name, String topicPrefix) {
    return new PipelineIdentity(blankToNull(namespace), blankToNull(name), topicPrefix);
  }

  /** {@code namespace/name}, {@code name}, or the topic prefix. */
  public String display() {
    if (name == null) {
      return topicPrefix;
    }
    return namespace == null ? name : namespace + "/" + name;
  }

  public String transactionalId() {
    return "dsqlcdc-" + display();
  }

  /** The compacted topic holding each table's committed capture state. */
  public String offsetsTopic() {
    return "__dsqlcdc-offsets." + topicSafe();
  }

  /** The compacted topic holding the key states of one table ({@code schema.table}). */
  public String changelogTopic(String qualifiedTable) {
    return "__dsqlcdc-state." + topicSafe() + "." + qualifiedTable.replaceAll("[^A-Za-z0-9._-]", ".");
  }

  /** Where {@code run} keeps the state stores unless told otherwise: under java.io.tmpdir, named for the pipeline. */
  public Path defaultStateDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "dsqlcdc-state", topicSafe());
  }

  private String topicSafe() {
    return display().replaceAll("[^A-Za-z0-9._-]", ".");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
