package io.envbook.dsl;

/**
 * A mistake in an environment script, as one sentence that starts with {@code file:line:} and says
 * what to change. Never carries a stack trace meant for the user.
 */
public class DslException extends RuntimeException implements io.envbook.util.UserError {
  public DslException(String message) {
    super(message, null, false, false);
  }
}
