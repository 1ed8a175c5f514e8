package io.envbook.sandbox;

/** A path or action that would leave the task's sandbox. Reported to the model as a tool error. */
public class SandboxViolation extends RuntimeException {
  public SandboxViolation(String message) {
    super(message);
  }
}
