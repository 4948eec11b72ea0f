package io.dsqlcdc.capture.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmittedKeysTest {
  @Test
  void behavesLikeASetThroughGrowthAndRemovals() {
    EmittedKeys keys = new EmittedKeys();
    Set<String> reference = new HashSet<>();
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      String k = Integer.toString(random.nextInt(50_000));
      if (random.nextInt(3) == 0) {
        keys.remove(k);
        reference.remove(k);
      } else {
        keys.add(k);
        reference.add(k);
      }
    }
    assertThat(keys.size()).isEqualTo(reference.size());
    for (int i = 0; i < 50_000; i++) {
      String k = Integer.toString(i);
      assertThat(keys.contains(k)).as(k).isEqualTo(reference.contains(k));
    }
  }
}
