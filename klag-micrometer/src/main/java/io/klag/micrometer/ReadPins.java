package io.klag.micrometer;

import java.util.BitSet;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Makes one registry pass over klag's meters read one snapshot, although Micrometer reads meters
 * one at a time and a publication may land in the middle of a scrape.
 *
 * <p>Each reading thread pins the view that was current at its first read and keeps reading it
 * until its pass ends. A pass ends when the thread reads a meter it already read in this pass
 * (the next scrape has begun), or when it has not read any of these meters for {@link
 * #PASS_GAP_NANOS} (meters of one scrape are read back to back). A thread that publishes drops its
 * own pin, so it reads what it just published.
 */
final class ReadPins {

  /** A pause longer than this between two reads of one thread ends its pass. */
  static final long PASS_GAP_NANOS = 1_000_000_000L;

  /** What one thread reads, and which slots it has read in its current pass. */
  static final class Pin {
    @Nullable View view;
    final BitSet read = new BitSet();
    long lastReadNanos;
  }

  private final ThreadLocal<Pin> pins = ThreadLocal.withInitial(Pin::new);
  private final LongSupplier nanoTime;

  ReadPins(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The view {@code slot} is to be read from on this thread; {@code current} is the newest. */
  View viewFor(int slot, View current) {
    Pin p = pins.get();
    long now = nanoTime.getAsLong();
    boolean reread = p.read.get(slot);
    if (p.view != current && (p.view == null || reread || now - p.lastReadNanos > PASS_GAP_NANOS)) {
      p.view = current;
      p.read.clear();
    } else if (reread) {
      p.read.clear(); // a new pass over an unchanged view
    }
    p.read.set(slot);
    p.lastReadNanos = now;
    return p.view;
  }

  /** Forgets this thread's pin (called by the publishing thread). */
  void release() {
    Pin p = pins.get();
    p.view = null;
    p.read.clear();
  }
}
