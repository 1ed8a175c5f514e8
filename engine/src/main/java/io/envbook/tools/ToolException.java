package io.envbook.tools;

/** A tool failure meant for the model: its message goes back as the tool's result. */
public class ToolException extends Exception {
  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
