package io.dsqlcdc.capture.changestream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The main record of a change whose {@code before} and/or {@code after} image exceeded the Kinesis record size and
 * was split into fragments; an image that was not split is inline (a value or null).
 *
 * @param beforeChunk how to reassemble {@code before}, or null when it is inline
 * @param afterChunk  how to reassemble {@code after}, or null when it is inline
 */
public record ChunkedRecord(String op, Map<String, JsonNode> before, Map<String, JsonNode> after, ChunkRef beforeChunk,
                            ChunkRef afterChunk, CdcSource source, long tsMs, long tsNs) implements CdcMessage {

  /**
   * One split image.
   *
   * @param chunkId        links the fragments to this record; stable across redeliveries
   * @param totalFragments how many fragments make up the image
   * @param crc32c         CRC32C of the reassembled image's text (UTF-8), unsigned
   */
  public record ChunkRef(String chunkId, int totalFragments, long crc32c) {
  }

  /** The split images' references, before first. */
  public List<ChunkRef> chunks() {
    List<ChunkRef> refs = new ArrayList<>(2);
    if (beforeChunk != null) {
      refs.add(beforeChunk);
    }
    if (afterChunk != null) {
      refs.add(afterChunk);
    }
    return refs;
  }

  /** The complete record, given the reassembled images of the split ones. */
  public CdcRecord complete(Map<String, JsonNode> beforeImage, Map<String, JsonNode> afterImage) {
    return new CdcRecord(op, beforeChunk == null ? before : beforeImage, afterChunk == null ? after : afterImage,
        source, tsMs, tsNs);
  }
}
