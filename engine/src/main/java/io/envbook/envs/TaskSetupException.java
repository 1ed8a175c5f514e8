package io.envbook.envs;

import io.envbook.util.UserError;
import java.io.IOException;

/** A built-in environment could not set up a task's sandbox; the message says why and what to do. */
public final class TaskSetupException extends IOException implements UserError {
  public TaskSetupException(String message) {
    super(message);
  }
}
