package io.klag.spi;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Unmodifiable copies for the SPI records. Not {@code Map.copyOf}/{@code Set.copyOf}: their
 * linear-probing tables degrade badly on the clustered hash codes of {@code TopicPartition}s and
 * numbered names ("orders-17", partition 0..99), e.g. ~2 s to copy 50 000 partitions.
 */
final class Copies {

  private Copies() {}

  /** An unmodifiable copy; null keys and values are rejected, as {@code Map.copyOf} does. */
  static <K, V> Map<K, V> map(Map<? extends K, ? extends V> m) {
    if (m.isEmpty()) {
      return Map.of();
    }
    Map<K, V> copy = new HashMap<>(Math.max(16, (int) (m.size() / 0.75f) + 1));
    for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
      copy.put(Objects.requireNonNull(e.getKey(), "key"), Objects.requireNonNull(e.getValue(), "value"));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** An unmodifiable copy; null elements are rejected, as {@code Set.copyOf} does. */
  static <E> Set<E> set(Set<? extends E> s) {
    if (s.isEmpty()) {
      return Set.of();
    }
    Set<E> copy = new HashSet<>(Math.max(16, (int) (s.size() / 0.75f) + 1));
    for (E e : s) {
      copy.add(Objects.requireNonNull(e, "element"));
    }
    return Collections.unmodifiableSet(copy);
  }
}
