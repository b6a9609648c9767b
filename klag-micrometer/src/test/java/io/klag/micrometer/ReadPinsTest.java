package io.klag.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadPinsTest {

  private final AtomicLong nanos = new AtomicLong();
  private final ReadPins pins = new ReadPins(nanos::get);
  private final View v1 = new View(new double[2], new long[2]);
  private final View v2 = new View(new double[2], new long[2]);
  private final View v3 = new View(new double[2], new long[2]);

  @Test
  void aPassKeepsReadingThePinnedViewAfterAPublication() {
    assertThat(pins.viewFor(0, v1)).isSameAs(v1);
    assertThat(pins.viewFor(1, v2)).isSameAs(v1);
  }

  @Test
  void readingASlotAgainStartsANewPassOnTheNewestView() {
    pins.viewFor(0, v1);
    pins.viewFor(1, v1);
    assertThat(pins.viewFor(0, v2)).isSameAs(v2);
    assertThat(pins.viewFor(1, v3)).isSameAs(v2);
  }

  @Test
  void aPauseLongerThanThePassGapEndsThePass() {
    pins.viewFor(0, v1);
    nanos.addAndGet(ReadPins.PASS_GAP_NANOS - 1);
    assertThat(pins.viewFor(1, v2)).isSameAs(v1);
    nanos.addAndGet(ReadPins.PASS_GAP_NANOS + 1);
    assertThat(pins.viewFor(0, v2)).isSameAs(v2);
  }

  @Test
  void releaseDropsThisThreadsPin() {
    pins.viewFor(0, v1);
    pins.release();
    assertThat(pins.viewFor(1, v2)).isSameAs(v2);
  }

  @Test
  void otherThreadsHaveTheirOwnPins() throws Exception {
    pins.viewFor(0, v1);
    View[] other = new View[1];
    Thread t = new Thread(() -> other[0] = pins.viewFor(1, v2));
    t.start();
    t.join();
    assertThat(other[0]).isSameAs(v2);
    assertThat(pins.viewFor(1, v2)).isSameAs(v1);
  }
}
