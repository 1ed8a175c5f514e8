package io.envbook.envs;

import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.sandbox.ExecResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * TerminalBench-style tasks for DSL scripts in envbook's own, simpler layout: everything happens in
 * the task's working directory, with no {@code /app}, {@code /tests} or {@code /logs}. Tasks as
 * TerminalBench 2 and Harbor publish them run with the built-in {@code terminal-bench-2} instead
 * ({@link io.envbook.harbor.TaskRun}). Rows carry {@code instruction},
 * {@code environment_tar} and {@code tests_tar} (base64 tar.gz), {@code test_sh}, optional
 * {@code test_timeout} (seconds, default 180) and {@code category}. {@link #prepare} unpacks the task's
 * files into the sandbox; {@link #verify} unpacks the tests into {@code tests/} after the agent, runs
 * {@code tests/test.sh} in the same sandbox, and reads {@code logs/verifier/reward.txt} ("1" → 1.0,
 * "0" → 0.0, any other number as it is), falling back to the exit code (0 → 1.0) when the file is
 * missing or unreadable. A test that runs past its timeout scores 0.
 *
 * <pre>{@code
 * prepare { item, ctx -> TerminalBench.prepare(item, ctx) }
 * reward  { item, result, ctx -> TerminalBench.verify(item, ctx) }
 * }</pre>
 */
public final class TerminalBench {
  private TerminalBench() {}

  public static void prepare(Map<String, ?> item, ToolContext ctx) throws IOException {
    unpack(item.get("environment_tar"), ".", ctx);
  }

  public static Reward verify(Map<String, ?> item, ToolContext ctx) throws IOException {
    return verify(item, ctx, Duration.ofSeconds(180));
  }

  /** As {@link #verify(Map, ToolContext)}, with the test timeout used when the task names none. */
  public static Reward verify(Map<String, ?> item, ToolContext ctx, Duration defaultTestTimeout) throws IOException {
    ctx.terminal("mkdir -p tests logs/verifier");
    unpack(item.get("tests_tar"), "tests", ctx);
    Object script = item.get("test_sh");
    if (script != null) {
      ctx.writeFile("tests/test.sh", script.toString());
    }
    Object t = item.get("test_timeout");
    Duration timeout = t == null ? defaultTestTimeout : Duration.ofSeconds(Long.parseLong(t.toString()));
    ExecResult run = ctx.terminal("chmod +x tests/test.sh && bash tests/test.sh", timeout);
    if (run.timedOut()) {
      return Reward.ZERO.withExplanation("the tests ran past " + timeout.toSeconds() + " s");
    }
    String text = ctx.readFile("logs/verifier/reward.txt");
    if (text != null) {
      try {
        double r = Double.parseDouble(text.strip());
        return Reward.of(r).withExplanation("reward.txt says " + text.strip());
      } catch (NumberFormatException notANumber) {
        // fall back to the exit code, as Hermes did
      }
    }
    return Reward.of(run.exitCode() == 0 ? 1.0 : 0.0).withExplanation("tests exited with " + run.exitCode());
  }

  private static void unpack(Object base64Tar, String into, ToolContext ctx) throws IOException {
    if (base64Tar == null || base64Tar.toString().isBlank()) {
      return;
    }
    byte[] tar = Base64.getDecoder().decode(base64Tar.toString().strip());
    String name = ".envbook-" + into.replace('/', '_').replace('.', 'x') + ".tar.gz";
    ctx.sandbox().writeBytes(name, tar);
    ExecResult r = ctx.terminal("mkdir -p " + into + " && tar -xzf " + name + " -C " + into + " --no-same-owner && rm -f " + name,
        Duration.ofSeconds(120));
    if (!r.ok()) {
      throw new TaskSetupException("could not unpack the task's files into " + into + ": " + r.output().strip());
    }
  }
}
