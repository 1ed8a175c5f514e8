package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The sandbox contract on the {@code local} backend; its processes are looked for on the host. */
class LocalSandboxContractTest extends SandboxContract {
  @Override
  protected SandboxProvider newProvider() {
    return new LocalSandboxProvider(host.resolve("sandboxes"), 100_000);
  }

  @Override
  protected String backendName() {
    return "local";
  }

  @Override
  protected List<String> survivors(Sandbox sb, String marker) throws Exception {
    return Processes.survivors(marker).stream().map(String::valueOf).toList();
  }

  @Override
  protected void assertClosed(Sandbox closed, String marker) throws Exception {
    assertThat(Processes.survivors(marker)).isEmpty();
    assertThat(((LocalSandbox) closed).directory()).doesNotExist();
  }
}
