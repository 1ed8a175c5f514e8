package io.envbook.sandbox;

import java.util.List;

/**
 * The sandbox contract on {@code bubblewrap} with a task's folders laid over the host system
 * ({@code /app}, {@code /tests}, {@code /logs}, {@code /tmp}), as Harbor tasks have them: every path
 * the suite names is relative to {@code /app}, so the whole contract holds there too.
 */
class BubblewrapLayoutContractTest extends BubblewrapSandboxContractTest {
  @Override
  protected SandboxSpec spec() {
    return SandboxSpec.DEFAULT.withLayout("/app", List.of("/app", "/tests", "/logs", "/tmp"));
  }
}
