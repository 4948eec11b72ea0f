package io.dsqlcdc.capture.changestream;

import static io.dsqlcdc.capture.changestream.StreamRecords.T0;
import static io.dsqlcdc.capture.changestream.StreamRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CdcRecordParserTest {
  private final CdcRecordParser parser = new CdcRecordParser();

  private CdcMessage parse(String json) {
    return parser.parse(record("shardId-000000000001", "4959", T0, json));
  }

  @Test
  void aFullInsertCarriesItsAfterImageAndSource() {
    CdcRecord r = (CdcRecord) parse("""
        {"type": "full", "op": "c", "before": null,
         "after": {"order_id": 1001, "item_id": 42, "quantity": 5, "price": "29.99"},
         "source": {"version": "1.0", "ts_ms": 1705318200000, "ts_ns": 1705318200000000000,
                    "txId": "ffthunp5stx6ffs2vyfqoatmfu", "schema": "public", "table": "order_items",
                    "db": "postgres", "cluster": "kmabugltfmjdaj2siqr2qbxgju"},
         "ts_ms": 1705318200125, "ts_ns": 1705318200125483291}""");
    assertThat(r.op()).isEqualTo("c");
    assertThat(r.isDelete()).isFalse();
    assertThat(r.before()).isNull();
    assertThat(r.after()).containsOnlyKeys("order_id", "item_id", "quantity", "price");
    assertThat(r.after().get("price").textValue()).isEqualTo("29.99");
    assertThat(r.source()).isEqualTo(new CdcSource("1.0", 1705318200000L, 1705318200000000000L,
        "ffthunp5stx6ffs2vyfqoatmfu", "public", "order_items", "postgres", "kmabugltfmjdaj2siqr2qbxgju"));
    assertThat(r.source().qualifiedTable()).isEqualTo("public.order_items");
    assertThat(r.tsNs()).isEqualTo(1705318200125483291L);
  }

  @Test
  void anUpdateIsNotADelete() {
    CdcRecord r = (CdcRecord) parse(StreamRecords.full("u", "null", "{\"order_id\": 1}", 5, "t"));
    assertThat(r.op()).isEqualTo("u");
    assertThat(r.isDelete()).isFalse();
  }

  @Test
  void aDeleteCarriesOnlyTheKeyInBefore() {
    CdcRecord r = (CdcRecord) parse(StreamRecords.full("d", "{\"order_id\": 1001, \"item_id\": 42}", "null", 5, "t"));
    assertThat(r.isDelete()).isTrue();
    assertThat(r.after()).isNull();
    assertThat(r.keyImage()).containsOnlyKeys("order_id", "item_id");
  }

  @Test
  void anUnknownOpIsAnUpsertOfAfter() {
    CdcRecord r = (CdcRecord) parse(StreamRecords.full("x", "null", "{\"order_id\": 1}", 5, "t"));
    assertThat(r.isDelete()).isFalse();
    assertThat(r.keyImage()).containsOnlyKeys("order_id");
  }

  @Test
  void aChunkedMainRecordReferencesItsSplitImages() {
    ChunkedRecord r = (ChunkedRecord) parse(StreamRecords.chunked("c",
        "{\"after\": {\"chunk_id\": \"abc\", \"total_fragments\": 3, \"crc32c\": \"2073618257\"}}", 7));
    assertThat(r.beforeChunk()).isNull();
    assertThat(r.afterChunk()).isEqualTo(new ChunkedRecord.ChunkRef("abc", 3, 2073618257L));
    assertThat(r.chunks()).containsExactly(r.afterChunk());
    assertThat(r.source().tsNs()).isEqualTo(7);
  }

  @Test
  void aFragmentCarriesItsChunkIndexAndText() {
    CdcFragment f = (CdcFragment) parse("{\"type\": \"fragment\", \"chunk_id\": \"abc\", \"index\": 2, "
        + "\"data\": \"{\\\"a\\\": 1\"}");
    assertThat(f).isEqualTo(new CdcFragment("abc", 2, "{\"a\": 1"));
  }

  @Test
  void textThatIsNotJsonNamesShardAndSequenceNumber() {
    assertThatThrownBy(() -> parse("{\"type\": "))
        .isInstanceOf(CdcRecordException.class)
        .hasMessageStartingWith("the change stream record at shard shardId-000000000001 sequence number 4959 "
            + "is not JSON");
  }

  @Test
  void aMissingSourceFieldIsNamed() {
    String json = StreamRecords.insert("{\"id\": 1}", 5).replace("\"txId\": \"ffthunp5stx6ffs2vyfqoatmfu\", ", "");
    assertThatThrownBy(() -> parse(json)).isInstanceOf(CdcRecordException.class)
        .hasMessageContaining("sequence number 4959 has no \"source.txId\"");
  }

  @Test
  void aCommitTimeThatIsNotAnIntegerIsNamed() {
    String json = StreamRecords.insert("{\"id\": 1}", 5).replace("\"ts_ns\": 5,", "\"ts_ns\": \"5\",");
    assertThatThrownBy(() -> parse(json)).isInstanceOf(CdcRecordException.class)
        .hasMessageContaining("has a \"source.ts_ns\" that is not an integer");
  }

  @Test
  void anUnknownTypeIsNamed() {
    assertThatThrownBy(() -> parse("{\"type\": \"partial\"}")).isInstanceOf(CdcRecordException.class)
        .hasMessageContaining("has type \"partial\"; known are full, chunked and fragment");
  }

  @Test
  void aDeleteWithoutBeforeIsParsedForItsTableToJudge() {
    CdcRecord r = (CdcRecord) parse(StreamRecords.full("d", "null", "null", 5, "t"));
    assertThat(r.keyImage()).isNull();
  }

  @Test
  void aChecksumThatIsNotADecimalNumberIsRejected() {
    assertThatThrownBy(() -> parse(StreamRecords.chunked("c",
        "{\"after\": {\"chunk_id\": \"abc\", \"total_fragments\": 3, \"crc32c\": \"0x7b\"}}", 7)))
        .isInstanceOf(CdcRecordException.class).hasMessageContaining("chunked.after.crc32c \"0x7b\"");
  }

  @Test
  void aChunkedRecordNamingNoImageIsRejected() {
    assertThatThrownBy(() -> parse(StreamRecords.chunked("c", "{}", 7)))
        .isInstanceOf(CdcRecordException.class).hasMessageContaining("names neither before nor after");
  }

  @Test
  void decimalNumbersKeepTheirText() {
    CdcRecord r = (CdcRecord) parse(StreamRecords.insert("{\"id\": 1, \"r\": 3.14159}", 5));
    assertThat(r.after().get("r").decimalValue().toPlainString()).isEqualTo("3.14159");
  }
}
