package io.klag;

import java.time.Duration;
import java.util.Objects;

/**
 * How far behind a group is on one partition, in time, and how that was determined.
 *
 * <pre>{@code
 * TimeLag lag = new TimeLag(Duration.ofSeconds(42), TimeLagMethod.RECORD_TIMESTAMP);
 * double seconds = lag.seconds(); // 42.0
 * }</pre>
 *
 * @param lag never negative
 * @param method the method that produced it
 */
public record TimeLag(Duration lag, TimeLagMethod method) {

  /** The time lag of a partition with no offset lag. */
  public static final TimeLag CAUGHT_UP = new TimeLag(Duration.ZERO, TimeLagMethod.CAUGHT_UP);

  public TimeLag {
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(method, "method");
    if (lag.isNegative()) {
      lag = Duration.ZERO;
    }
  }

  /** The lag in seconds, with millisecond precision. */
  public double seconds() {
    return lag.toMillis() / 1000.0;
  }
}
