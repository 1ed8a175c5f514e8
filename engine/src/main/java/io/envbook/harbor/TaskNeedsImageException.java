package io.envbook.harbor;

import io.envbook.util.UserError;
import java.io.IOException;

/** A task that cannot run without its container image on a backend that lays it out over this machine; the message says why, in one sentence. */
public final class TaskNeedsImageException extends IOException implements UserError {
  public TaskNeedsImageException(String message) {
    super(message);
  }
}
