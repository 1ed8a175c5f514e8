package io.envbook.kernel;

import tools.jackson.databind.JsonNode;

/**
 * Which cell the current thread works for: the header of the execute request that started it.
 * Threads a cell starts inherit it, so their output and displays go to that cell, also after its reply.
 */
public final class CellContext {
  private static final InheritableThreadLocal<JsonNode> PARENT = new InheritableThreadLocal<>();
  private static volatile Publisher publisher;
  private static volatile CellOutput output;
  private static final ThreadLocal<Input> INPUT = new ThreadLocal<>();

  private CellContext() {}

  static void install(Publisher p, CellOutput out) {
    publisher = p;
    output = out;
  }

  /**
   * Sends what the current cell has printed so far, so that a display published next comes after it,
   * as it did in the cell.
   */
  static void flushOutput() {
    CellOutput out = output;
    JsonNode parent = PARENT.get();
    if (out != null && parent != null) {
      out.flush(parent);
    }
  }

  static void enter(JsonNode parent) {
    PARENT.set(parent);
  }

  static void leave() {
    PARENT.remove();
    INPUT.remove();
  }

  static void input(io.envbook.kernel.protocol.Msg request, boolean allowed, StdinChannel stdin) {
    INPUT.set(prompt -> {
      if (!allowed) {
        throw new IllegalStateException("input() is not available: this front end does not accept input (allow_stdin is false)");
      }
      return stdin.ask(request, prompt, false);
    });
  }

  /** Asks the front end for one line of input; only from the cell's own thread. */
  public static String readLine(String prompt) throws InterruptedException {
    Input in = INPUT.get();
    if (in == null) {
      throw new IllegalStateException("input() works only in the cell's own thread, while the cell runs");
    }
    return in.ask(prompt);
  }

  /** Reads one line from the front end. */
  interface Input {
    String ask(String prompt) throws InterruptedException;
  }

  /** The request header of the cell this thread works for, or {@code null} outside any cell. */
  public static JsonNode parent() {
    return PARENT.get();
  }

  /** The kernel's publisher, or {@code null} when no kernel runs in this JVM. */
  public static Publisher publisher() {
    return publisher;
  }
}
