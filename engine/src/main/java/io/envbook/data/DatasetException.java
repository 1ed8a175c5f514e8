package io.envbook.data;

/** A dataset that cannot be read: the message names the file (and line) and what is wrong. */
public class DatasetException extends RuntimeException {
  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
