package io.klag;

import java.util.List;
import java.util.regex.Pattern;

/** Compiled allow/deny lists: a name must fully match an include (if any) and no exclude. */
final class NameSelector {
  private final Pattern[] include;
  private final Pattern[] exclude;

  NameSelector(List<Pattern> include, List<Pattern> exclude) {
    this.include = include.toArray(new Pattern[0]);
    this.exclude = exclude.toArray(new Pattern[0]);
  }

  boolean selects(String name) {
    for (Pattern p : exclude) {
      if (p.matcher(name).matches()) {
        return false;
      }
    }
    if (include.length == 0) {
      return true;
    }
    for (Pattern p : include) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  boolean selectsAll() {
    return include.length == 0 && exclude.length == 0;
  }
}
