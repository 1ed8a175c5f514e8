package io.envbook.cli;

import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.sandbox.SandboxProvider;

/** Creates the sandbox provider for a backend name. */
final class Sandboxes {
  private Sandboxes() {}

  static SandboxProvider create(String backend) {
    return switch (backend) {
      case "local" -> new LocalSandboxProvider();
      default -> throw new UsageException("unknown sandbox backend `" + backend + "`: use local");
    };
  }
}
