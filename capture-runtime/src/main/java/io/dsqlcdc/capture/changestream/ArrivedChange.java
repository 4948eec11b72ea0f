package io.dsqlcdc.capture.changestream;

import java.time.Instant;
import java.util.List;

/**
 * A complete change and the Kinesis records it came in.
 *
 * @param arrival Kinesis' arrival time of its last piece: the grace window counts from it
 * @param pieces  the Kinesis records it was read from (one for a full record; the main record and every fragment
 *                for a split one): releasing the change releases them all
 */
public record ArrivedChange(CdcRecord record, Instant arrival, List<RecordPosition> pieces) {

  public ArrivedChange {
    pieces = List.copyOf(pieces);
  }
}
