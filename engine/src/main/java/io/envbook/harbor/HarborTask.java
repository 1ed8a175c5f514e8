package io.envbook.harbor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One task in Harbor's layout, the layout TerminalBench 2 and OpenThoughts-TBLite publish: an
 * instruction, the task's {@code task.toml} settings, and three host folders, {@code environment}
 * (its {@code Dockerfile} and the files it copies), {@code tests} ({@code test.sh} and what it
 * needs, copied to {@code /tests} only after the agent) and {@code solution} ({@code solve.sh}, for
 * the oracle). A folder the task lacks is {@code null}. {@link HarborTasks} loads tasks from task
 * directories, folders of them and dataset rows; {@link TaskRun} runs one in a sandbox.
 *
 * <pre>{@code
 * HarborTask t = HarborTasks.load(Path.of("examples/harbor/count-words")).getFirst();
 * t.agentTimeout();   // [agent] timeout_sec
 * }</pre>
 *
 * @param name the task's name: {@code [task] name}, else the directory's or the row's {@code task_name}
 * @param metadata {@code [metadata]}: {@code category}, {@code difficulty}, {@code tags}, ...
 * @param agentTimeout {@code [agent] timeout_sec}
 * @param verifierTimeout {@code [verifier] timeout_sec}
 * @param buildTimeout {@code [environment] build_timeout_sec}: how long building {@code environment/Dockerfile} may take
 *     (Harbor's default, 600 s, when the task leaves it out)
 * @param dockerImage {@code [environment] docker_image}, or {@code null} to build {@code environment/Dockerfile}
 * @param cpus {@code [environment] cpus}
 * @param memoryMb {@code [environment] memory_mb} (or the older {@code memory = "2G"})
 * @param storageMb {@code [environment] storage_mb} (or the older {@code storage = "10G"})
 * @param allowInternet {@code [environment] allow_internet}, false too when {@code network_mode = "no-network"}
 * @param env {@code [environment.env]}, set for the agent's commands and the tests
 * @param verifierEnv {@code [verifier.env]}, set for the tests
 * @param solutionEnv {@code [solution.env]}, set for the reference solution
 */
public record HarborTask(String name, String instruction, Map<String, Object> metadata, Duration agentTimeout, Duration verifierTimeout,
    Duration buildTimeout, String dockerImage, int cpus, int memoryMb, int storageMb, boolean allowInternet, Map<String, String> env,
    Map<String, String> verifierEnv, Map<String, String> solutionEnv, Path environment, Path tests, Path solution) {

  /** Harbor's build timeout for a task that does not set {@code build_timeout_sec}. */
  public static final Duration DEFAULT_BUILD_TIMEOUT = Duration.ofSeconds(600);

  public HarborTask {
    metadata = Map.copyOf(metadata);
    env = Map.copyOf(env);
    verifierEnv = Map.copyOf(verifierEnv);
    solutionEnv = Map.copyOf(solutionEnv);
  }

  /** {@code [metadata] category}, or {@code null}. */
  public String category() {
    Object c = metadata.get("category");
    return c == null ? null : c.toString();
  }

  /** The task's {@code environment/Dockerfile}, or {@code null} when it has none. */
  public Path dockerfile() {
    Path f = environment == null ? null : environment.resolve("Dockerfile");
    return f != null && Files.isRegularFile(f) ? f : null;
  }

  /** The task's {@code tests/test.sh}, or {@code null} when it has none. */
  public Path testScript() {
    Path f = tests == null ? null : tests.resolve("test.sh");
    return f != null && Files.isRegularFile(f) ? f : null;
  }

  /** The task's {@code solution/solve.sh}, or {@code null} when it has none. */
  public Path solveScript() {
    Path f = solution == null ? null : solution.resolve("solve.sh");
    return f != null && Files.isRegularFile(f) ? f : null;
  }
}
