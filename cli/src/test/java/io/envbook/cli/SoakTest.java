package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutCodec;
import io.envbook.rollout.RolloutKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: {@code envbook run} in a 256 MB heap, 500 rollouts at 50 at once, against one server
 * injecting every model fault while the script's closures hang, spin, overflow the stack and return
 * rewards outside 0 to 1 ({@code soak/soak.groovy}). Every rollout is written whole, each scored or
 * failed with a reason its case can have: its own fault's, or a limit's (on a loaded machine any
 * rollout may run out of time, and that is the limit holding). Every fault is seen at least once.
 */
class SoakTest {
  /** The reason each case's own fault gives, or "" for cases that are scored. */
  private static final Map<String, String> OWN_OUTCOME = Map.ofEntries(
      Map.entry("ok", ""), Map.entry("tool:sleepy", ""), Map.entry("tool:spin", ""), Map.entry("tool:deep", ""),
      Map.entry("drip", "model failed: "), Map.entry("endless", "sent an answer larger than 256 KiB, the cap on one answer"),
      Map.entry("error500", "answered 500: internal error"), Map.entry("reset", "could not reach the model server"),
      Map.entry("garbage", "returned a body that is not JSON"),
      Map.entry("prompt-hang", "rollout failed: the prompt did not finish within 4s"),
      Map.entry("prepare-hang", "preparing the sandbox failed: it did not finish within 4s"),
      Map.entry("reward-spin", "reward failed: it did not finish within 4s"),
      Map.entry("reward-overflow", "reward failed: soak.groovy:7: StackOverflowError"),
      Map.entry("reward-infinite", "reward failed: soak.groovy:22: the reward is Infinity, not a finite number"),
      Map.entry("reward-negative", "reward failed: soak.groovy:22: the reward is -5.0, outside 0.0 to 1.0"),
      Map.entry("reward-nan", "reward failed: soak.groovy:22: a reward must be a number, got NaN"),
      Map.entry("reward-assert", "reward failed: soak.groovy:29: PowerAssertionError: assert result.finalText() == 'something else'"));
  /** The reasons of a rollout that ran out of its time, at any stage. */
  private static final Pattern OUT_OF_TIME = Pattern.compile("did not finish within 4s|had not sent a whole answer when the rollout's time ran out"
      + "|gave no answer within the rollout's timeout|the rollout's time ran out|wall time of 4s reached before the first model call");

  @TempDir Path dir;

  @Test
  void fiveHundredRolloutsUnderEveryFaultAtOnceAreAllWrittenWholeScoredOrFailedWithTheirReason() throws Exception {
    Path script = Path.of(SoakTest.class.getResource("/soak/soak.groovy").toURI());
    Path out = dir.resolve("soak.jsonl");
    EnvbookProcess.Result r;
    try (FaultyModelServer server = FaultyModelServer.start()) {
      r = EnvbookProcess.run(EnvbookProcess.command(List.of("-Xmx256m"), "run", script.toString(), "-n", "125", "-c", "50",
          "--out", out.toString()), Map.of("SOAK_URL", server.baseUrl()), dir.resolve("log.txt"), Duration.ofMinutes(5));
    }

    List<String> lines = EnvbookProcess.rolloutLines(out);
    assertThat(lines).as(r.output()).hasSize(500);
    Set<RolloutKey> keys = new HashSet<>();
    Set<String> seen = new HashSet<>();
    int failed = 0;
    for (String line : lines) {
      Rollout x = RolloutCodec.fromJson(Json.parse(line));
      keys.add(x.key());
      String kase = String.valueOf(x.item().get("case"));
      String own = OWN_OUTCOME.get(kase);
      assertThat(x.durationMs()).as(kase + ": 4 s timeout, 2 s of grace for the model, 4 s of scoring").isLessThan(15_000);
      if (x.ok()) {
        assertThat(own).as(kase + " is scored only when its fault cannot fail it").isEmpty();
        assertThat(x.score()).as(kase).isBetween(0.0, 1.0);
        assertThat(x.toolErrors().isEmpty()).as(kase + " records its tool's failure").isEqualTo(!kase.startsWith("tool:"));
        seen.add(kase);
        continue;
      }
      failed++;
      if (!own.isEmpty() && x.error().contains(own)) {
        seen.add(kase);
      } else {
        assertThat(x.error()).as(kase + ": a reason its case can have").containsPattern(OUT_OF_TIME);
      }
    }
    assertThat(keys).as("every rollout once").hasSize(500);
    assertThat(seen).as("every fault was met").containsExactlyInAnyOrderElementsOf(OWN_OUTCOME.keySet());
    assertThat(r.output()).contains("  rollouts    500 requested, 500 written (500 ran, 0 resumed), " + failed + " failed, 0 lost\n")
        .doesNotContain("Exception in thread").doesNotContain("\tat ");
    assertThat(r.exitCode()).isEqualTo(1);
  }
}
