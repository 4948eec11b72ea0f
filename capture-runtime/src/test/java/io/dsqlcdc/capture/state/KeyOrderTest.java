package io.dsqlcdc.capture.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
  private static List<String> sortedByEncoding(KeyOrder order, List<String> keyTexts) {
    List<String> out = new ArrayList<>(keyTexts);
    out.sort(Comparator.comparing(order::encode, Arrays::compareUnsigned));
    return out;
  }

  @Test
  void integersSortNumericallyAcrossTheSign() {
    KeyOrder order = KeyOrder.of(List.of("int8")).orElseThrow();
    assertThat(sortedByEncoding(order, List.of("10", "-3", "2", "0", "-9223372036854775808", "9223372036854775807")))
        .containsExactly("-9223372036854775808", "-3", "0", "2", "10", "9223372036854775807");
  }

  @Test
  void textSortsAsCollateCWithAPrefixFirst() {
    KeyOrder order = KeyOrder.of(List.of("varchar")).orElseThrow();
    assertThat(sortedByEncoding(order, List.of("b", "ab", "a", "B", "é"))).containsExactly("B", "a", "ab", "b", "é");
  }

  @Test
  void uuidsSortByTheirBytes() {
    KeyOrder order = KeyOrder.of(List.of("uuid")).orElseThrow();
    assertThat(sortedByEncoding(order, List.of("ffffffff-0000-0000-0000-000000000000",
        "00000000-0000-0000-0000-000000000001", "80000000-0000-0000-0000-000000000000")))
        .containsExactly("00000000-0000-0000-0000-000000000001", "80000000-0000-0000-0000-000000000000",
            "ffffffff-0000-0000-0000-000000000000");
  }

  @Test
  void compositeKeysSortColumnByColumn() {
    KeyOrder order = KeyOrder.of(List.of("text", "int4")).orElseThrow();
    assertThat(sortedByEncoding(order, List.of("a\u001f10", "ab\u001f1", "a\u001f2")))
        .containsExactly("a\u001f2", "a\u001f10", "ab\u001f1");
  }

  @Test
  void aKeyOfAnotherTypeCannotBeRangeScanned() {
    assertThat(KeyOrder.of(List.of("int4", "timestamptz"))).isEmpty();
    assertThat(KeyOrder.of(List.of("numeric"))).isEmpty();
  }
}
