package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the docker backend does beyond the contract (see {@link DockerSandboxContractTest}). */
class DockerSandboxTest {
  private SandboxProvider provider;

  @AfterEach
  void closeAll() {
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void withoutAnEngineTheBackendSaysWhyAndWhatToUseInstead() {
    assumeTrue(DockerSandboxContractTest.PROBLEM != null, "a Docker engine answers here");

    assertThatThrownBy(() -> SandboxBackends.create("docker"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the docker sandbox needs a Docker engine, and ")
        .hasMessageEndingWith(": start one, or use sandbox 'bubblewrap' or 'local'");
  }

  @Test
  void theContainerHasNoNetworkAndWorksInWorkspace() {
    assumeTrue(DockerSandboxContractTest.PROBLEM == null, () -> "no Docker engine here: " + DockerSandboxContractTest.PROBLEM);
    provider = new DockerSandboxProvider(DockerSandboxContractTest.IMAGE);
    Sandbox sb = provider.create("net");

    ExecResult r = sb.exec("cat /sys/class/net/*/operstate 2>/dev/null | grep -c up || true; ls /sys/class/net", Duration.ofSeconds(10));

    assertThat(r.output()).isEqualTo("0\nlo\n");
    assertThat(sb.workdir()).isEqualTo(DockerSandboxProvider.WORKDIR);
  }
}
