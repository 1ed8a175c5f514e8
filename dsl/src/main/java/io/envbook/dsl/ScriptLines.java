package io.envbook.dsl;

/**
 * Finds where in a script something happened, from the stack: the first frame whose file is the
 * script. Groovy compiles scripts so that their frames carry the script's file name and line.
 */
final class ScriptLines {
  private ScriptLines() {}

  /** The script line of the current call, or -1 when no frame is in the script. */
  static int current(String scriptFile) {
    return lineIn(new Throwable().getStackTrace(), scriptFile);
  }

  static int lineIn(StackTraceElement[] frames, String scriptFile) {
    for (StackTraceElement f : frames) {
      if (scriptFile.equals(f.getFileName()) && f.getLineNumber() > 0) {
        return f.getLineNumber();
      }
    }
    return -1;
  }

  /** The line where {@code t} (or its causes) passed through the script, or -1. */
  static int lineOf(Throwable t, String scriptFile) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      int line = lineIn(c.getStackTrace(), scriptFile);
      if (line > 0) {
        return line;
      }
    }
    return -1;
  }

  static DslException error(String scriptFile, int line, String sentence) {
    return new DslException(scriptFile + (line > 0 ? ":" + line : "") + ": " + sentence);
  }
}
