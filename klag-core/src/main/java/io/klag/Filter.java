package io.klag;

import java.util.Objects;

/**
 * One allow- or deny-list entry: a regular expression that must match a whole group id or topic.
 *
 * <p>A name is selected when it matches at least one {@code include} filter (or there are none)
 * and no {@code exclude} filter: deny wins.
 *
 * <pre>{@code
 * import static io.klag.Filter.*;
 * builder.groups(include("orders-.*"), exclude(".*-canary")).topics(exclude("__.*"));
 * }</pre>
 *
 * <p>Patterns are compiled when the collector is built; an invalid one fails {@code build()}.
 *
 * @param mode include or exclude
 * @param regex a {@link java.util.regex.Pattern} that must match the whole name
 */
public record Filter(Mode mode, String regex) {

  /** Whether a filter allows or denies the names it matches. */
  public enum Mode {
    INCLUDE,
    EXCLUDE
  }

  public Filter {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(regex, "regex");
  }

  /** Selects names that match {@code regex} (unless an exclude filter matches too). */
  public static Filter include(String regex) {
    return new Filter(Mode.INCLUDE, regex);
  }

  /** Rejects names that match {@code regex}, whatever the include filters say. */
  public static Filter exclude(String regex) {
    return new Filter(Mode.EXCLUDE, regex);
  }
}
