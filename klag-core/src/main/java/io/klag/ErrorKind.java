package io.klag;

import java.util.Locale;

/**
 * Why a collection step failed; used in {@link CollectionError}, in self-metrics and in logs.
 *
 * <pre>{@code
 * cluster.errorCounts().getOrDefault(ErrorKind.TIMEOUT, 0L)
 * }</pre>
 */
public enum ErrorKind {
  /** A call did not complete within its timeout. */
  TIMEOUT,
  /** The brokers could not be reached, or a coordinator or leader was not available. */
  UNAVAILABLE,
  /** The client could not authenticate (SASL, SSL). Not retried with backoff beyond the cycle. */
  AUTHENTICATION,
  /** The principal lacks a permission (describe group, describe topic). */
  AUTHORIZATION,
  /** Reading record timestamps for time lag failed; offset lag is unaffected. */
  TIME_LAG,
  /** A sink threw while receiving a snapshot. */
  SINK,
  /** Anything else, including unexpected exceptions. */
  UNKNOWN;

  /** The value used as a metric label: the lower-case name, for example {@code timeout}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
