package io.klag.examples.exporter;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in a string value with environment
 * variables; {@code $${...}} stands for a literal {@code ${...}}. An unset variable without a
 * default is an error; with {@code :-}, an unset or empty variable takes the default.
 */
final class EnvSubstitution {

  private static final Pattern REF =
      Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, @Nullable String> env;

  EnvSubstitution(Function<String, @Nullable String> env) {
    this.env = env;
  }

  /**
   * @param value the raw value
   * @param where a description of the key, for the error message
   * @throws ConfigException naming {@code where} and the variable when one is unset without default
   */
  String apply(String value, String where) {
    if (value.indexOf('$') < 0) {
      return value;
    }
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (!m.group(1).isEmpty()) {
        replacement = m.group().substring(1); // $${X} -> ${X}
      } else {
        String name = m.group(2);
        String fallback = m.group(3);
        String v = env.apply(name);
        if (fallback != null && (v == null || v.isEmpty())) {
          v = fallback;
        }
        if (v == null) {
          throw new ConfigException(where + ": environment variable " + name
              + " is not set and has no default (write ${" + name + ":-default})");
        }
        replacement = v;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
