package io.envbook.cli;

import io.envbook.sandbox.SandboxProvider;

/** Creates the sandbox provider for a backend name. */
final class Sandboxes {
  private Sandboxes() {}

  static SandboxProvider create(String backend) {
    try {
      return SandboxProvider.forBackend(backend);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
