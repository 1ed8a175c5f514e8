package io.envbook.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One command for {@link Sandbox#exec(ExecRequest)}: a program and its arguments (or a shell line),
 * the working directory, extra environment variables, what it reads on stdin, and its timeout.
 *
 * <pre>{@code
 * sandbox.exec(ExecRequest.shell("make test").cwd("src").timeout(Duration.ofMinutes(2)));
 * sandbox.exec(ExecRequest.of("python3", "-c", code).stdin("input text").env("DEBUG", "1"));
 * }</pre>
 *
 * @param argv the program and its arguments, run without a shell
 * @param cwd the working directory as a sandbox path, relative to the sandbox's {@link Sandbox#workdir()};
 *     {@code null} for the working directory itself
 * @param env variables set for this command only, on top of the sandbox's own
 * @param stdin what the command reads on standard input ({@code null}: nothing, it sees end of input)
 * @param timeout how long the command may run before it is killed with everything it started
 */
public record ExecRequest(List<String> argv, String cwd, Map<String, String> env, byte[] stdin, Duration timeout) {
  /** The timeout of a request that names none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);

  public ExecRequest {
    Objects.requireNonNull(argv, "argv == null");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty: name the program to run");
    }
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    Objects.requireNonNull(timeout, "timeout == null");
  }

  /** Runs {@code argv} as it is, without a shell. */
  public static ExecRequest of(String... argv) {
    return of(List.of(argv));
  }

  public static ExecRequest of(List<String> argv) {
    return new ExecRequest(argv, null, Map.of(), null, DEFAULT_TIMEOUT);
  }

  /** Runs {@code command} with {@code bash -c}: pipes, redirections and {@code &&} work. */
  public static ExecRequest shell(String command) {
    return of("bash", "-c", command);
  }

  public ExecRequest cwd(String dir) {
    return new ExecRequest(argv, dir, env, stdin, timeout);
  }

  public ExecRequest env(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(env);
    more.put(name, value);
    return new ExecRequest(argv, cwd, more, stdin, timeout);
  }

  public ExecRequest stdin(byte[] input) {
    return new ExecRequest(argv, cwd, env, input, timeout);
  }

  /** Standard input as UTF-8 text. */
  public ExecRequest stdin(String input) {
    return stdin(input.getBytes(StandardCharsets.UTF_8));
  }

  public ExecRequest timeout(Duration limit) {
    return new ExecRequest(argv, cwd, env, stdin, limit);
  }
}
