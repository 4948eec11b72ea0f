package io.dsqlcdc.capture.config;

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
    return "__dsqlcdc-offsets." + display().replaceAll("[^A-Za-z0-9._-]", ".");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
