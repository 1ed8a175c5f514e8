package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sandbox contract on the {@code docker} backend, against a real engine. Without one (as on CI
 * machines without Docker) it is skipped with the engine's own reason. The image comes from
 * {@code ENVBOOK_DOCKER_TEST_IMAGE} (default {@code debian:stable-slim}); it must be present or
 * pullable.
 */
class DockerSandboxContractTest extends SandboxContract {
  static final String PROBLEM = DockerSandboxProvider.engineProblem();
  static final String IMAGE = System.getenv().getOrDefault("ENVBOOK_DOCKER_TEST_IMAGE", "debian:stable-slim");

  @Override
  protected SandboxProvider newProvider() {
    assumeTrue(PROBLEM == null, () -> "no Docker engine here: " + PROBLEM);
    return new DockerSandboxProvider(IMAGE);
  }

  @Override
  protected String backendName() {
    return "docker";
  }

  @Override
  protected void assertClosed(Sandbox closed, String marker) throws Exception {
    String container = ((DockerChannel) ((ContainerSandbox) closed).channel()).container();
    Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "name=" + container).start();
    assertThat(new String(ps.getInputStream().readAllBytes()).strip()).isEmpty();
  }
}
