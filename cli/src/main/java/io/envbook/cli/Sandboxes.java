package io.envbook.cli;

import io.envbook.sandbox.SandboxBackends;
import io.envbook.sandbox.SandboxProvider;
import java.util.Iterator;

/** Creates the sandbox provider for a backend name. */
final class Sandboxes {
  private Sandboxes() {}

  /** The backends' names, for picocli's completion and {@code ${COMPLETION-CANDIDATES}} in help. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SandboxBackends.names().iterator();
    }
  }

  static SandboxProvider create(String backend, java.util.Map<String, String> settings) {
    try {
      return SandboxBackends.create(backend, settings);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
