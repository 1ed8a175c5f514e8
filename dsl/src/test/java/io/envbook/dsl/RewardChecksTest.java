package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a reward closure throws, an Error included, is one sentence with its line; its loops stop when interrupted. */
class RewardChecksTest {
  @TempDir Path dir;

  private DslEnvironment env(String declarations, String reward) {
    return DslLoader.parse("def deep(int n) { deep(n + 1) + 1 }\nenvironment('e') {\n"
        + "    dataset([[q: 1]])\n"
        + "    prompt { 'x' }\n"
        + declarations
        + "    reward { item -> " + reward + " }\n"
        + "}\n", "env.groovy", dir);
  }

  private String rewardError(DslEnvironment e) {
    return assertThatThrownBy(() -> e.computeReward(e.items().get(0), null, null)).isInstanceOf(DslException.class)
        .actual().getMessage();
  }

  @Test
  void aRewardThatOverflowsTheStackIsOneSentenceWithTheRecursingLine() {
    assertThat(rewardError(env("", "deep(0)"))).isEqualTo("env.groovy:1: StackOverflowError: the code recursed too deeply (endless recursion?)");
  }

  @Test
  void aFailedAssertInARewardIsOneSentenceWithItsLine() {
    assertThat(rewardError(env("", "assert item.q == 2"))).startsWith("env.groovy:5: PowerAssertionError: assert item.q == 2");
  }

  @Test
  void anEndlessLoopInAScriptStopsWhenItsThreadIsInterrupted() throws Exception {
    DslEnvironment spinning = env("", "while (true) {}");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = Thread.ofPlatform().daemon().start(() -> {
      try {
        spinning.computeReward(spinning.items().get(0), null, null);
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    Thread.sleep(200);

    t.interrupt();
    t.join(10_000);

    assertThat(t.isAlive()).as("the loop checks for interrupts").isFalse();
    assertThat(thrown.get()).hasMessageStartingWith("env.groovy:5: InterruptedException");
  }
}
