package io.envbook.cli;

import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.sandbox.SandboxProvider;

/** Creates the sandbox provider for a backend name. */
final class Sandboxes {
  private Sandboxes() {}

  static SandboxProvider create(String backend) {
    io.envbook.sandbox.Isolation isolation = io.envbook.sandbox.Isolation.of(backend);
    if (isolation == null) {
      throw new UsageException("unknown sandbox backend `" + backend + "`: use local or bubblewrap");
    }
    return new LocalSandboxProvider(null, 100_000, isolation);
  }
}
