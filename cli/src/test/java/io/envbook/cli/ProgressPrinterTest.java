package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.Reward;
import io.envbook.loop.StopReason;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RunStart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static Rollout scored(int sample, double reward) {
    return new Rollout("env", "scripted", 0, "i", sample, Map.of(), List.of(), Reward.of(reward), 1, StopReason.NATURAL, List.of(),
        null, null, 0, 0, null);
  }

  @Test
  void theBarCountsResumedRolloutsAsDoneWithTheirRewardsInTheMean() {
    ProgressPrinter bar = new ProgressPrinter(out, true);

    bar.runStarted(new RunStart("env", 3, List.of(scored(0, 1.0), scored(1, 0.5)), null));
    bar.rolloutFinished(scored(2, 0.0));
    bar.finish();

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("Running 3 rollouts of env (2 resumed from the output file)\n");
    assertThat(text.substring(text.lastIndexOf('\r'))).contains("3/3  mean reward 0.50  failed 0");
  }
}
