package io.envbook.model;

/** A model call failed for good: the server refused, kept failing, timed out, or answered garbage. */
public class ModelException extends RuntimeException {
  private final int status;

  public ModelException(String message) {
    this(message, -1, null);
  }

  public ModelException(String message, Throwable cause) {
    this(message, -1, cause);
  }

  public ModelException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the last attempt, or -1 when there was none. */
  public int status() {
    return status;
  }
}
