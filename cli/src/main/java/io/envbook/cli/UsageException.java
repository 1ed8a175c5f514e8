package io.envbook.cli;

/** A mistake in how a command was called (a bad environment name, a missing option value). Exits 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
