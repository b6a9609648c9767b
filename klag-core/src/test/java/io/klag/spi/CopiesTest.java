package io.klag.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CopiesTest {

  @Test
  void mapCopyIsEqualUnmodifiableAndDetached() {
    Map<TopicPartition, Long> source = new HashMap<>();
    for (int t = 0; t < 50; t++) {
      for (int p = 0; p < 100; p++) {
        source.put(new TopicPartition("orders-" + t, p), (long) p);
      }
    }
    Map<TopicPartition, Long> copy = Copies.map(source);
    source.clear();

    assertThat(copy).hasSize(5000).containsEntry(new TopicPartition("orders-49", 99), 99L);
    assertThatThrownBy(() -> copy.put(new TopicPartition("x", 0), 1L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void mapCopyRejectsNullKeysAndValues() {
    Map<String, Long> nullValue = new HashMap<>();
    nullValue.put("a", null);
    Map<String, Long> nullKey = new HashMap<>();
    nullKey.put(null, 1L);

    assertThatNullPointerException().isThrownBy(() -> Copies.map(nullValue));
    assertThatNullPointerException().isThrownBy(() -> Copies.map(nullKey));
  }

  @Test
  void setCopyIsEqualUnmodifiableAndRejectsNull() {
    Set<String> source = new HashSet<>(Set.of("a", "b"));
    Set<String> copy = Copies.set(source);
    source.add("c");
    Set<String> withNull = new HashSet<>();
    withNull.add(null);

    assertThat(copy).containsExactlyInAnyOrder("a", "b");
    assertThatThrownBy(() -> copy.add("d")).isInstanceOf(UnsupportedOperationException.class);
    assertThatNullPointerException().isThrownBy(() -> Copies.set(withNull));
  }
}
