package io.envbook.harbor;

import io.envbook.util.UserError;

/** A task directory, folder of tasks or dataset row that is not in the layout it should be in; the message names it and the fix. */
public final class TaskFormatException extends IllegalArgumentException implements UserError {
  public TaskFormatException(String message) {
    super(message);
  }
}
