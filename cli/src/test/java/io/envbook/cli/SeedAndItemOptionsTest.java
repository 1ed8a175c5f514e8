package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --seed}, {@code --item} and {@code --items-matching} on the command line, as the rollout file records them. */
class SeedAndItemOptionsTest extends ConsoleCapture {
  @TempDir Path dir;

  private List<Rollout> run(String... options) throws Exception {
    Path out = java.nio.file.Files.createTempFile(dir, "r", ".jsonl");
    String[] args = new String[options.length + 4];
    args[0] = "run";
    args[1] = "../examples/arithmetic";
    args[2] = "--out";
    args[3] = out.toString();
    System.arraycopy(options, 0, args, 4, options.length);
    assertThat(Main.execute(args)).as(stderr()).isZero();
    return RolloutFile.read(out).rollouts();
  }

  @Test
  void onlyTheChosenItemsRunUnderTheirPositionsWithTheirSeedsRecorded() throws Exception {
    List<Rollout> byId = run("--item", "product-1", "--item", "sum-2", "--seed", "11");
    List<Rollout> again = run("--item", "product-1", "--item", "sum-2", "--seed", "11");
    List<Rollout> matching = run("--items-matching", "op=multiply", "-n", "10");

    assertThat(byId).extracting(Rollout::itemId).containsOnly("sum-2", "product-1");
    assertThat(byId).filteredOn(r -> r.itemId().equals("product-1")).allSatisfy(r -> assertThat(r.itemIndex()).isEqualTo(2));
    assertThat(byId).allSatisfy(r -> assertThat(r.seed()).isNotNull());
    assertThat(again).extracting(Rollout::seed).containsExactlyInAnyOrderElementsOf(byId.stream().map(Rollout::seed).toList());
    assertThat(matching).extracting(Rollout::itemId).allMatch(id -> id.startsWith("product-")).isNotEmpty();
  }

  @Test
  void aBadExpressionIsOneSentence() {
    assertThat(Main.execute("run", "../examples/arithmetic", "--items-matching", "op=(", "--out", dir.resolve("x.jsonl").toString()))
        .isEqualTo(2);
    assertThat(stderr()).startsWith("envbook: --items-matching `op=(` is not a regular expression: ");
  }
}
