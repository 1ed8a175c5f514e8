package io.envbook.atropos;

import java.io.IOException;

/**
 * A trajectory API call that did not give a usable answer: either no answer at all ({@link #status()}
 * 0: refused, reset, timed out) or an HTTP status with the server's words. {@link #getMessage()} is
 * one line for a log: {@code /status-env answered 500: Internal Server Error}.
 */
public final class ApiException extends IOException {
  private final String path;
  private final int status;
  private final String answer;

  ApiException(String path, int status, String answer, Throwable cause) {
    super(status == 0 ? path + " got no answer: " + answer : path + " answered " + status + ": " + shorten(answer), cause);
    this.path = path;
    this.status = status;
    this.answer = answer;
  }

  static ApiException noAnswer(String path, IOException e) {
    String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    return new ApiException(path, 0, why, e);
  }

  /** The endpoint called, e.g. {@code /scored_data}. */
  public String path() {
    return path;
  }

  /** The HTTP status, or 0 when the server gave no answer. */
  public int status() {
    return status;
  }

  /** What the server said (its body), or why there was no answer. */
  public String answer() {
    return answer;
  }

  /** The server got the request and answered: whatever the status, it is up. */
  public boolean answered() {
    return status > 0;
  }

  /** A 4xx: the server refuses this request as it is; sending it again gets the same answer. */
  public boolean refused() {
    return status >= 400 && status < 500;
  }

  static String shorten(String text) {
    String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }
}
