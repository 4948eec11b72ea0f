package io.dsqlcdc.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class DsqlCdcRecordEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RowChange insert(String body) {
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("id", 7);
    after.put("body", body);
    return new RowChange("public", "docs", RowChange.Op.CREATE, Map.of("id", 7), after);
  }

  @Test
  void aRecordWithinTheThresholdIsOneFullRecord() throws IOException {
    DsqlCdcRecordEncoder encoder = new DsqlCdcRecordEncoder("cluster", 1024, () -> "chunk");

    DsqlCdcRecordEncoder.Encoded encoded = encoder.encode(insert("small"), 1_705_318_200_000_999_999L, "tx",
        1_705_318_200_125_483_291L);

    assertThat(encoded.chunked()).isFalse();
    JsonNode record = JSON.readTree(encoded.main());
    assertThat(record.get("type").asText()).isEqualTo("full");
    assertThat(record.get("source").get("ts_ms").asLong()).isEqualTo(1_705_318_200_000L);
    assertThat(record.get("ts_ms").asLong()).isEqualTo(1_705_318_200_125L);
  }

  @Test
  void fragmentsOfHeavilyEscapedTextStayWithinTheThresholdAndReassemble() throws IOException {
    String body = "\"\\\n\u0001é𝄞".repeat(400);
    DsqlCdcRecordEncoder encoder = new DsqlCdcRecordEncoder("cluster", 600, () -> "chunk-1");

    DsqlCdcRecordEncoder.Encoded encoded = encoder.encode(insert(body), 1L, "tx", 1L);

    assertThat(encoded.fragments()).hasSizeGreaterThan(10)
        .allSatisfy(fragment -> assertThat(fragment.length).isLessThanOrEqualTo(600));
    List<String> pieces = new ArrayList<>();
    for (byte[] fragment : encoded.fragments()) {
      pieces.add(JSON.readTree(fragment).get("data").textValue());
    }
    String image = String.join("", pieces);
    JsonNode reference = JSON.readTree(encoded.main()).get("chunked").get("after");
    CRC32C crc = new CRC32C();
    crc.update(image.getBytes(StandardCharsets.UTF_8));
    assertThat(reference.get("crc32c").textValue()).isEqualTo(Long.toString(crc.getValue()));
    assertThat(reference.get("total_fragments").asInt()).isEqualTo(pieces.size());
    assertThat(JSON.readTree(image).get("body").textValue()).isEqualTo(body);
  }
}
