package io.klag.micrometer;

import io.micrometer.core.instrument.Meter;
import org.jspecify.annotations.Nullable;

/** One registered series: the object its gauge or function counter reads. */
final class Cell {

  final SeriesKey key;
  /** Unique within its meter set, never 0. */
  final long id;
  final int slot;
  private final MeterSet owner;
  /** The meter the registry returned (after the host's filters), for removal. */
  @Nullable Meter meter;
  /** The publication in which the series was last present. */
  long seenIn;

  Cell(SeriesKey key, long id, int slot, MeterSet owner) {
    this.key = key;
    this.id = id;
    this.slot = slot;
    this.owner = owner;
  }

  /** The value from the snapshot this thread's registry pass reads. */
  double read() {
    return owner.read(this);
  }
}
