package io.envbook.sandbox;

/**
 * The sandbox contract on the {@code bubblewrap} backend (Debian's bwrap, installed by .ci/run),
 * with its processes looked for on the host as for {@code local}. Each command has its own process
 * namespace, which ends with it.
 */
class BubblewrapSandboxContractTest extends LocalSandboxContractTest {
  @Override
  protected SandboxProvider newProvider() {
    return new LocalSandboxProvider(host.resolve("sandboxes"), 100_000, Isolation.BUBBLEWRAP);
  }

  @Override
  protected String backendName() {
    return "bubblewrap";
  }

  @Override
  protected boolean backgroundOutlivesItsCommand() {
    return false;
  }
}
