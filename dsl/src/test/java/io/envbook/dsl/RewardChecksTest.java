package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.env.Reward;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reward closure returns is checked against the environment's range, and whatever it throws is one sentence with its line. */
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
  void aRewardOutsideZeroToOneNamesTheValueTheLineAndTheKeyword() {
    assertThat(rewardError(env("", "-5"))).isEqualTo("env.groovy:5: the reward is -5.0, outside 0.0 to 1.0: "
        + "return a reward from 0.0 to 1.0, or declare the range rewards take with rewardRange LOW, HIGH");
    assertThat(rewardError(env("", "Double.POSITIVE_INFINITY"))).startsWith("env.groovy:5: the reward is Infinity, not a finite number: ");
    assertThat(rewardError(env("", "1e308"))).startsWith("env.groovy:5: the reward is 1.0E308, outside 0.0 to 1.0: ");
  }

  @Test
  void aDeclaredRangeAcceptsItsRewardsAndRefusesOthers() throws Exception {
    DslEnvironment signed = env("    rewardRange -1, 1\n", "-0.5");

    assertThat(signed.computeReward(signed.items().get(0), null, null)).isEqualTo(Reward.of(-0.5));
    assertThat(signed.config().rewardRange().toString()).isEqualTo("-1.0 to 1.0");
    assertThat(rewardError(env("    rewardRange -1, 1\n", "2"))).startsWith("env.groovy:6: the reward is 2.0, outside -1.0 to 1.0: ");
  }

  @Test
  void rewardRangeIsCheckedAndSpelledLikeEveryKeyword() {
    assertThatThrownBy(() -> env("    rewardRange 1, -1\n", "1")).hasMessage(
        "env.groovy:5: rewardRange takes the lowest and the highest reward, lowest first, as finite numbers: got 1, -1");
    assertThatThrownBy(() -> env("    rewardRang -1, 1\n", "1")).hasMessage("env.groovy:5: unknown keyword `rewardRang`: did you mean `rewardRange`?");
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
