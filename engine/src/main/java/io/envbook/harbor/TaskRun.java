package io.envbook.harbor;

import io.envbook.env.Reward;
import io.envbook.json.Json;
import io.envbook.sandbox.ExecRequest;
import io.envbook.sandbox.ExecResult;
import io.envbook.sandbox.Isolation;
import io.envbook.sandbox.Sandbox;
import io.envbook.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Runs a {@link HarborTask} as Harbor does, in one sandbox: the agent works in the image's working
 * directory ({@code /app} in TB2), the tests are copied to {@code /tests} only after it, run as
 * {@code bash /tests/test.sh} from the working directory, and write the reward to
 * {@code /logs/verifier/reward.json} or {@code reward.txt}. On container backends the task's image
 * is the environment; on {@code bubblewrap} its Dockerfile is followed over this machine
 * ({@link HostImage}).
 *
 * <pre>{@code
 * Sandbox sb = sandboxes.create(task.name(), TaskRun.spec(task));
 * TaskRun.prepare(task, sb);
 * ... the agent ...
 * Reward r = TaskRun.verify(task, sb, Duration.ofSeconds(600));
 * }</pre>
 */
public final class TaskRun {
  /** The folders every task has beside its working directory. */
  static final List<String> FOLDERS = List.of("/tests", "/logs", "/solution", "/tmp");
  private static final Duration SETUP = Duration.ofSeconds(60);

  private TaskRun() {}

  /** The working directory: the Dockerfile's last {@code WORKDIR}, else {@code /app}. */
  public static String workdir(HarborTask task) {
    try {
      return task.dockerfile() == null ? "/app" : Dockerfile.read(task.dockerfile()).workdir("/app");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + task.dockerfile() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The task's sandbox: its {@code docker_image}, else an image built from its {@code environment}
   * folder (within its {@code build_timeout_sec}); its CPUs, memory, disk and network; its working
   * directory and {@link #FOLDERS}.
   */
  public static SandboxSpec spec(HarborTask task) {
    String workdir = workdir(task);
    List<String> folders = new ArrayList<>(List.of(workdir));
    folders.addAll(FOLDERS);
    return SandboxSpec.DEFAULT.withImage(task.dockerImage()).withBuild(task.dockerImage() == null && task.dockerfile() != null
            ? task.environment() : null).withBuildTimeout(task.buildTimeout())
        .withNetwork(task.allowInternet()).withResources(String.valueOf(task.cpus()), task.memoryMb() + "Mi")
        .withStorage(task.storageMb() + "Mi").withLayout(workdir, folders);
  }

  /** Readies a fresh sandbox for the agent: the task's variables, {@code /logs/agent}, and on a host backend its image laid out. */
  public static void prepare(HarborTask task, Sandbox sandbox) throws IOException {
    task.env().forEach(sandbox::putEnv);
    mkdir(sandbox, "/logs/agent", "/logs/verifier");
    if (Isolation.of(sandbox.backend()) != null) {
      HostImage.apply(task, sandbox);
    }
  }

  /**
   * Puts the reference solution in {@code /solution} and returns the command that runs it, as
   * Harbor's oracle agent does; {@code null} when the task ships no {@code solution/solve.sh}.
   */
  public static ExecRequest solution(HarborTask task, Sandbox sandbox) throws IOException {
    if (task.solveScript() == null) {
      return null;
    }
    sandbox.upload(task.solution(), "/solution");
    ExecRequest run = ExecRequest.of("bash", "-c", "bash /solution/solve.sh > /logs/agent/oracle.txt 2>&1; status=$?; "
        + "tail -n 20 /logs/agent/oracle.txt; exit $status").cwd(workdir(task)).env("DEBIAN_FRONTEND", "noninteractive");
    for (Map.Entry<String, String> e : task.solutionEnv().entrySet()) {
      run = run.env(e.getKey(), e.getValue());
    }
    return run;
  }

  /**
   * Copies the tests to {@code /tests}, runs {@code bash /tests/test.sh} from the working directory
   * for at most {@code timeout}, and reads the reward: {@code reward.json}'s {@code reward} (its other
   * numbers are named in the explanation), else {@code reward.txt}, else, as Hermes did, the tests'
   * exit code (0 is 1.0). Tests that run past their timeout score 0.
   */
  public static Reward verify(HarborTask task, Sandbox sandbox, Duration timeout) throws IOException {
    if (task.testScript() == null) {
      return Reward.ZERO.withExplanation("task " + task.name() + " has no tests/test.sh to verify it with");
    }
    mkdir(sandbox, "/tests", "/logs/verifier");
    sandbox.upload(task.tests(), "/tests");
    ExecRequest run = ExecRequest.of("bash", "/tests/test.sh").cwd(workdir(task)).timeout(timeout);
    for (Map.Entry<String, String> e : task.verifierEnv().entrySet()) {
      run = run.env(e.getKey(), e.getValue());
    }
    ExecResult r = sandbox.exec(run);
    if (r.timedOut()) {
      return Reward.ZERO.withExplanation("the tests ran past " + timeout.toSeconds() + " s");
    }
    Reward fromJson = rewardJson(sandbox);
    if (fromJson != null) {
      return withTail(fromJson, r);
    }
    String text = read(sandbox, "/logs/verifier/reward.txt");
    if (text != null && !text.isBlank()) {
      try {
        return withTail(Reward.of(Double.parseDouble(text.strip())).withExplanation("reward.txt says " + text.strip()), r);
      } catch (NumberFormatException notANumber) {
        // Hermes fell back to the exit code; so does envbook, saying so
      }
    }
    return withTail(Reward.of(r.exitCode() == 0 ? 1.0 : 0.0).withExplanation("the tests wrote no reward.txt or reward.json; they exited "
        + r.exitCode()), r);
  }

  private static Reward rewardJson(Sandbox sandbox) throws IOException {
    String text = read(sandbox, "/logs/verifier/reward.json");
    if (text == null || text.isBlank()) {
      return null;
    }
    JsonNode json;
    try {
      json = Json.parse(text);
    } catch (RuntimeException e) {
      return Reward.ZERO.withExplanation("reward.json is not JSON: " + text.strip());
    }
    Map<String, Double> numbers = new LinkedHashMap<>();
    json.properties().forEach(e -> {
      if (e.getValue().isNumber()) {
        numbers.put(e.getKey(), e.getValue().asDouble());
      }
    });
    Double value = numbers.containsKey("reward") ? numbers.get("reward") : numbers.size() == 1 ? numbers.values().iterator().next() : null;
    return value == null ? null : Reward.of(value).withExplanation("reward.json says " + numbers);
  }

  /** A reward below 1 keeps the tests' last lines in its explanation, to show why. */
  private static Reward withTail(Reward reward, ExecResult r) {
    if (reward.value() >= 1.0) {
      return reward;
    }
    List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
    String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
    return tail.isEmpty() ? reward : reward.withExplanation(reward.explanation() + "; the tests said: " + tail);
  }

  private static String read(Sandbox sandbox, String path) throws IOException {
    try {
      return sandbox.readFile(path);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static void mkdir(Sandbox sandbox, String... dirs) throws IOException {
    List<String> argv = new ArrayList<>(List.of("mkdir", "-p"));
    argv.addAll(List.of(dirs));
    ExecResult r = sandbox.exec(ExecRequest.of(argv).timeout(SETUP));
    if (!r.ok()) {
      throw new IOException("could not make " + String.join(", ", dirs) + " in the sandbox: " + r.output().strip());
    }
  }
}
