package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The docker backend against a real engine. Without one (as on CI machines without Docker) the
 * container tests are skipped with the engine's own reason, and the test of the refusal runs instead.
 * The image comes from {@code ENVBOOK_DOCKER_TEST_IMAGE} (default {@code debian:stable-slim}); it must
 * be present or pullable.
 */
class DockerSandboxTest {
  private static final String PROBLEM = DockerSandboxProvider.engineProblem();
  private static final String IMAGE = System.getenv().getOrDefault("ENVBOOK_DOCKER_TEST_IMAGE", "debian:stable-slim");
  private static final Duration TEN_S = Duration.ofSeconds(10);
  private SandboxProvider provider;

  private Sandbox sandbox() {
    assumeTrue(PROBLEM == null, () -> "no Docker engine here: " + PROBLEM);
    provider = new DockerSandboxProvider(IMAGE);
    return provider.create("task/1");
  }

  @AfterEach
  void closeAll() {
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void withoutAnEngineTheBackendSaysWhyAndWhatToUseInstead() {
    assumeTrue(PROBLEM != null, "a Docker engine answers here");

    assertThatThrownBy(() -> SandboxProvider.forBackend("docker"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the docker sandbox needs a Docker engine, and ")
        .hasMessageEndingWith(": start one, or use sandbox 'bubblewrap' or 'local'");
  }

  @Test
  void commandsRunInTheTaskDirectoryWhichTheHostSeesToo() throws Exception {
    Sandbox s = sandbox();
    s.writeFile("in.txt", "from the host");
    s.putEnv("GREETING", "hi");

    ExecResult r = s.exec("pwd; cat in.txt; echo; echo $GREETING > out.txt", TEN_S);

    assertThat(r.output()).isEqualTo(DockerSandbox.WORKDIR + "\nfrom the host\n");
    assertThat(s.readFile("out.txt")).isEqualTo("hi\n");
    assertThat(s.readFile(DockerSandbox.WORKDIR + "/out.txt")).isEqualTo("hi\n");
  }

  @Test
  void thereIsNoNetwork() {
    ExecResult r = sandbox().exec("cat /sys/class/net/*/operstate 2>/dev/null | grep -c up || true; ls /sys/class/net", TEN_S);

    assertThat(r.output()).isEqualTo("0\nlo\n");
  }

  @Test
  void aSleepingChildIsKilledAtTheTimeoutAndTheContainerRemovedOnClose() throws Exception {
    Sandbox s = sandbox();

    ExecResult r = s.exec("sleep 300 & sleep 300", Duration.ofMillis(800));
    ExecResult left = s.exec("for d in /proc/[0-9]*; do tr '\\0' ' ' < $d/cmdline; echo; done | grep -c '^sleep 300' || true", TEN_S);
    String container = ((DockerSandbox) s).container();
    s.close();

    assertThat(r.timedOut()).isTrue();
    assertThat(left.output().strip()).isEqualTo("0");
    Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "name=" + container).start();
    assertThat(new String(ps.getInputStream().readAllBytes()).strip()).isEmpty();
    assertThat(s.root()).doesNotExist();
  }
}
