package io.envbook.sandbox;

/**
 * What a command did: its exit code and its combined stdout and stderr. A command that ran past its
 * timeout was killed (with its whole process tree) and has {@code timedOut} set and exit code 124;
 * output over the sandbox's cap is cut and has {@code truncated} set. A missing program is a result
 * (exit 127), not an exception.
 */
public record ExecResult(int exitCode, String output, boolean timedOut, boolean truncated) {
  public static final int TIMEOUT_EXIT = 124;

  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }
}
