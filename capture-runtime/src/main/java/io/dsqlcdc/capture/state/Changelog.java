package io.dsqlcdc.capture.state;

/**
 * A table's changelog: the compacted topic that holds every key's latest state, written in the transaction of the
 * events, and the topic's id, which tells a checkpoint of this topic from one of an earlier topic of the same name.
 */
public record Changelog(String topic, String topicId) {
  /** Header on a tombstone: the cursor of the version that deleted the key. */
  public static final String CURSOR_HEADER = "dsqlcdc.cursor";
}
