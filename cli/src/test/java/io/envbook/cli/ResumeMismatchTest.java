package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.rollout.RolloutFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `run` and `eval` resumed with another model stop with one sentence, and leave the file as it was. */
class ResumeMismatchTest extends ConsoleCapture {
  @TempDir Path dir;

  /** Runs the envbook command line as its own process; returns exit code, stdout and stderr. */
  private record Result(int code, String out, String err) {}

  private Result envbook(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("envbook finished").isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void runResumedWithAnotherModelIsOneSentenceNamingBothModelsAndTheWaysOut() throws Exception {
    Path file = dir.resolve("runs/t.jsonl");
    assertThat(envbook("run", "terminal-test", "--model", "scripted", "-n", "1", "--out", file.toString()).code()).isZero();
    List<String> before = Files.readAllLines(file);

    Result r = envbook("run", "terminal-test", "--model", "qwen3", "--base-url", "http://localhost:9/v1", "-n", "1",
        "--out", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("envbook: " + file + " holds rollouts of another run (the model changed from `scripted` to `openai:qwen3`): "
        + "pass --fresh to start over, or another --out to keep both\n");
    assertThat(Files.readAllLines(file)).isEqualTo(before);
  }

  @Test
  void evalResumedWithAnotherEpochCountSaysSo() throws Exception {
    assertThat(Main.execute("eval", "../examples/arithmetic", "-n", "1", "--out", dir.toString())).isZero();

    int code = Main.execute("eval", "../examples/arithmetic", "-n", "1", "--epochs", "2", "--out", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("samples.jsonl holds rollouts of another run (the group size changed from `1` to `2`): "
        + "pass --fresh to start over, or another --out to keep both");
    assertThat(Main.execute("eval", "../examples/arithmetic", "-n", "1", "--epochs", "2", "--out", dir.toString(), "--fresh")).isZero();
  }

  @Test
  void aFileFromBeforeProvenanceResumesWithANote() throws Exception {
    Path file = dir.resolve("t.jsonl");
    Main.execute("run", "terminal-test", "-n", "1", "--out", file.toString());
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(1, lines.size()));

    int code = Main.execute("run", "terminal-test", "-n", "1", "--out", file.toString());

    assertThat(code).isZero();
    assertThat(stdout()).contains("  note: " + file + " was written before envbook recorded what produced its rollouts, so the 3 "
        + "finished there are resumed without checking that this model and environment made them");
    assertThat(RolloutFile.read(file).rollouts()).hasSize(3);
  }
}
