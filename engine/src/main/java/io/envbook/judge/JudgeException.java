package io.envbook.judge;

import io.envbook.util.UserError;

/** The judge gave no usable verdict: its answers stayed malformed after every retry, or its model failed. */
public final class JudgeException extends RuntimeException implements UserError {
  public JudgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
