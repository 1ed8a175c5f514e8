package io.envbook.util;

/**
 * One line for a throwable in a failure's reason: its type and message, or the message alone when it
 * is already a sentence for the user ({@link UserError}), and a word on what a stack overflow means.
 *
 * <pre>{@code
 * Failures.describe(new IllegalStateException("broken")); // "IllegalStateException: broken"
 * }</pre>
 */
public final class Failures {
  private Failures() {}

  public static String describe(Throwable e) {
    if (e instanceof StackOverflowError) {
      return "StackOverflowError: the code recursed too deeply (endless recursion?)";
    }
    String msg = e.getMessage();
    if (e instanceof UserError && msg != null) {
      return msg;
    }
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
