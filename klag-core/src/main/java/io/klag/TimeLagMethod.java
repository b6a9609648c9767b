package io.klag;

import java.util.Locale;

/**
 * Which method produced a {@link TimeLag}.
 *
 * <pre>{@code
 * partition.timeLag().filter(t -> t.method() == TimeLagMethod.RECORD_TIMESTAMP)
 * }</pre>
 */
public enum TimeLagMethod {
  /** The partition has no offset lag, so its time lag is zero by definition. */
  CAUGHT_UP,
  /** Now minus the timestamp of the record at the committed offset (read by sampling). */
  RECORD_TIMESTAMP,
  /** Estimated from the history of end offsets: when the committed offset was the end. */
  INTERPOLATION;

  /** The value used as a metric label: the lower-case name, for example {@code record_timestamp}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
