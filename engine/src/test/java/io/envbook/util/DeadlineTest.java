package io.envbook.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final Stuck stuck = new Stuck();

  @AfterEach
  void letGo() {
    stuck.close();
  }

  @Test
  void workThatIgnoresItsInterruptIsLeftBehindAtTheDeadline() {
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> Deadline.after(Duration.ofMillis(200)).call("stuck", stuck::hang)).isInstanceOf(TimeoutException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void whatTheWorkThrowsIsThrownAsItIsErrorsIncluded() {
    Deadline d = Deadline.after(Duration.ofSeconds(5));

    assertThatThrownBy(() -> d.call("oom", () -> {
      throw new OutOfMemoryError("Java heap space");
    })).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
    assertThatThrownBy(() -> d.call("checked", () -> {
      throw new java.io.IOException("disk");
    })).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void durationsAreWrittenAsAScriptWritesThem() {
    assertThat(Deadline.text(Duration.ofMillis(300))).isEqualTo("300ms");
    assertThat(Deadline.text(Duration.ofSeconds(4))).isEqualTo("4s");
    assertThat(Deadline.text(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Deadline.text(Duration.ofSeconds(150))).isEqualTo("2m 30s");
    assertThat(Deadline.text(Duration.ofMinutes(90))).isEqualTo("1h 30m");
  }
}
