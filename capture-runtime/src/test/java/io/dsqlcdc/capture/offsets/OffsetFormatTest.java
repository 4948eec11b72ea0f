package io.dsqlcdc.capture.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import io.dsqlcdc.capture.offsets.TableOffset.Head;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The offsets topic's JSON, as runtimes since the state store write it (and before it, without stateInChangelog):
 * offsets already committed must load, and offsets written now must read back the same in older runtimes.
 */
class OffsetFormatTest {
  static final String SNAPSHOTTING = "{\"snapshotting\":true,\"snapshotStart\":10000000,\"snapshotKey\":[\"42\",\"x\"],"
      + "\"snapshotRows\":500,\"headCursor\":7000000,\"settledBefore\":7000000,\"snapshotRequestId\":\"r1\","
      + "\"stateInChangelog\":true}";
  static final String STREAMING = "{\"snapshotting\":false,\"snapshotStart\":10000000,\"snapshotRows\":500,"
      + "\"headCursor\":12000000,\"headKey\":[\"7\",\"y\"],\"settledBefore\":9000000,\"stateInChangelog\":true}";
  static final String STREAMING_NEVER_SNAPSHOTTED = "{\"snapshotting\":false,\"snapshotRows\":0,"
      + "\"headCursor\":5000000,\"settledBefore\":5000000,\"stateInChangelog\":true}";
  static final String WITH_SCHEMA_VERSION = "{\"snapshotting\":false,\"snapshotRows\":0,"
      + "\"headCursor\":5000000,\"settledBefore\":5000000,\"stateInChangelog\":true,\"schemaVersion\":3,"
      + "\"schemaFingerprint\":\"00112233aabbccdd\",\"schemaChangedAt\":6000000,\"schemaKey\":[\"id\"]}";
  static final String BEFORE_THE_STATE_STORE = "{\"snapshotting\":false,\"snapshotStart\":10000000,"
      + "\"snapshotRows\":500,\"headCursor\":12000000,\"headKey\":[\"7\"],\"settledBefore\":9000000}";

  static TableOffset decode(String json) {
    return OffsetCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  static String encode(TableOffset offset) {
    return new String(OffsetCodec.encode(offset), StandardCharsets.UTF_8);
  }

  @Test
  void aSnapshottingOffsetIsWrittenInTodaysFormat() {
    TableOffset offset = TableOffset.startSnapshot(10_000_000, 3_000_000, "r1").snapshotChunk(List.of("42", "x"), 500);
    assertThat(encode(offset)).isEqualTo(SNAPSHOTTING);
  }

  @Test
  void aStreamingOffsetIsWrittenInTodaysFormat() {
    TableOffset offset = TableOffset.startSnapshot(10_000_000, 3_000_000, null).snapshotChunk(List.of("42", "x"), 500)
        .snapshotDone().streaming(new Head(12_000_000, List.of("7", "y")), 9_000_000);
    assertThat(encode(offset)).isEqualTo(STREAMING);
  }

  @Test
  void anOffsetOfATableThatNeverSnapshottedIsWrittenInTodaysFormat() {
    assertThat(encode(TableOffset.streamFrom(5_000_000))).isEqualTo(STREAMING_NEVER_SNAPSHOTTED);
  }

  @Test
  void offsetsInTodaysFormatLoadAndAreWrittenBackUnchanged() {
    for (String json : List.of(SNAPSHOTTING, STREAMING, STREAMING_NEVER_SNAPSHOTTED, WITH_SCHEMA_VERSION)) {
      assertThat(encode(decode(json))).isEqualTo(json);
    }
  }

  @Test
  void anOffsetWrittenBeforeTheStateStoreLoadsAsNotInTheChangelog() {
    TableOffset offset = decode(BEFORE_THE_STATE_STORE);
    assertThat(offset.stateInChangelog()).isFalse();
    assertThat(offset.snapshotting()).isFalse();
    assertThat(offset.settledBefore()).isEqualTo(9_000_000);
  }

  @Test
  void theSchemaVersionIsWrittenAfterTheOtherFieldsOnceTheTableHasOne() {
    TableOffset offset = TableOffset.streamFrom(5_000_000)
        .withSchema(new TableOffset.SchemaRecord(3, "00112233aabbccdd", 6_000_000, List.of("id")));
    assertThat(encode(offset)).isEqualTo(WITH_SCHEMA_VERSION);
  }

  @Test
  void anOffsetWrittenBeforeSchemaVersionsLoadsWithoutOne() {
    assertThat(decode(STREAMING).schema()).isNull();
  }

  @Test
  void theSchemaVersionSurvivesTheOffsetsMovingOn() {
    TableOffset.SchemaRecord schema = new TableOffset.SchemaRecord(2, "ff", 1, List.of("id"));
    TableOffset offset = TableOffset.startSnapshot(10_000_000, 3_000_000, null).withSchema(schema)
        .snapshotChunk(List.of("1"), 1).snapshotDone().streaming(new Head(12_000_000, List.of("7")), 9_000_000);
    assertThat(decode(encode(offset)).schema()).isEqualTo(schema);
  }
}
