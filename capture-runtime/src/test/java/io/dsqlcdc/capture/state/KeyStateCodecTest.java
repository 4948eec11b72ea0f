package io.dsqlcdc.capture.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyStateCodecTest {
  @Test
  void aStateWithImageAndHighWaterReadsBackWhole() {
    KeyState state = new KeyState(-12, new byte[] {1, 2, 3}, 99L);
    KeyState back = KeyStateCodec.decode(KeyStateCodec.encode(state));
    assertThat(back.cursorMicros()).isEqualTo(-12);
    assertThat(back.rowImage()).containsExactly(1, 2, 3);
    assertThat(back.streamHighWater()).isEqualTo(99L);
  }

  @Test
  void aStreamDeletedStateKeepsItsHighWaterAndDeletedMark() {
    KeyState back = KeyStateCodec.decode(KeyStateCodec.encode(KeyState.streamDeleted(1_700_000_000_123_456_789L)));
    assertThat(back.deleted()).isTrue();
    assertThat(back.held()).isFalse();
    assertThat(back.streamHighWater()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(back.cursorMicros()).isEqualTo(1_700_000_000_123_456L);
  }

  @Test
  void aStreamedStateIsHeld() {
    KeyState back = KeyStateCodec.decode(KeyStateCodec.encode(KeyState.streamed(42_000L)));
    assertThat(back.held()).isTrue();
    assertThat(back.streamHighWater()).isEqualTo(42_000L);
  }

  @Test
  void aBareStateTakesTenBytes() {
    assertThat(KeyStateCodec.encode(KeyState.emittedAt(5))).hasSize(10);
    assertThat(KeyStateCodec.decode(KeyStateCodec.encode(KeyState.emittedAt(5)))).isEqualTo(KeyState.emittedAt(5));
  }

  @Test
  void aStateOfAnUnknownFormatIsRefusedWithWhatToDo() {
    byte[] value = KeyStateCodec.encode(KeyState.emittedAt(5));
    value[0] = 9;
    assertThatThrownBy(() -> KeyStateCodec.decode(value)).hasMessageContaining("format 9")
        .hasMessageContaining("newer runtime");
  }

  @Test
  void versionKeysSortByCursorAcrossTheSign() {
    byte[] negative = KeyStateCodec.versionKey(-1, "k");
    byte[] positive = KeyStateCodec.versionKey(1, "k");
    assertThat(java.util.Arrays.compareUnsigned(negative, positive)).isNegative();
    assertThat(KeyStateCodec.versionCursor(negative)).isEqualTo(-1);
    assertThat(KeyStateCodec.versionKeyText(positive)).isEqualTo("k");
  }

  @Test
  void theCursorOfAnEncodedStateIsReadWithoutDecodingItsImage() {
    byte[] value = KeyStateCodec.encode(new KeyState(-7_000_000_000L, new byte[] {4, 5}, 3L));
    assertThat(KeyStateCodec.cursorOf(value)).isEqualTo(-7_000_000_000L);
    value[0] = 9;
    assertThatThrownBy(() -> KeyStateCodec.cursorOf(value)).hasMessageContaining("format 9");
  }
}
