package io.klag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NameSelectorTest {

  private static NameSelector selector(List<String> include, List<String> exclude) {
    return new NameSelector(
        include.stream().map(Pattern::compile).toList(), exclude.stream().map(Pattern::compile).toList());
  }

  @Test
  void noFiltersSelectEverything() {
    NameSelector s = selector(List.of(), List.of());
    assertThat(s.selects("anything")).isTrue();
    assertThat(s.selectsAll()).isTrue();
  }

  @Test
  void includeMustMatchTheWholeName() {
    NameSelector s = selector(List.of("orders-.*"), List.of());
    assertThat(s.selects("orders-billing")).isTrue();
    assertThat(s.selects("old-orders-billing")).isFalse();
    assertThat(s.selects("payments")).isFalse();
  }

  @Test
  void excludeWinsOverInclude() {
    NameSelector s = selector(List.of("orders-.*"), List.of(".*-canary"));
    assertThat(s.selects("orders-billing")).isTrue();
    assertThat(s.selects("orders-canary")).isFalse();
  }

  @Test
  void excludeAloneRejectsOnlyItsMatches() {
    NameSelector s = selector(List.of(), List.of("__.*"));
    assertThat(s.selects("__consumer_offsets")).isFalse();
    assertThat(s.selects("orders")).isTrue();
    assertThat(s.selectsAll()).isFalse();
  }

  @Test
  void anyOfSeveralIncludesSelects() {
    NameSelector s = selector(List.of("a.*", "b.*"), List.of());
    assertThat(s.selects("alpha")).isTrue();
    assertThat(s.selects("beta")).isTrue();
    assertThat(s.selects("gamma")).isFalse();
  }
}
