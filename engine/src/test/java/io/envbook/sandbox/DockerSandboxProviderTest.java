package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker backend's own duties, checked against {@link FakeDocker} (no Docker engine needed): the
 * {@code docker run} it builds from a task's spec, labels, retries with backoff, the cap on starts at
 * once, images built from a task's Dockerfile, and {@code prune} after a run that was SIGKILLed.
 */
class DockerSandboxProviderTest {
  @TempDir Path dir;
  private FakeDocker docker;

  @BeforeEach
  void fake() throws Exception {
    docker = new FakeDocker(dir);
  }

  private DockerSandboxProvider provider(int maxStarts) {
    return new DockerSandboxProvider(docker.cli(), "debian:stable-slim", 1000, maxStarts, 3, Duration.ofMillis(10));
  }

  @Test
  void aTasksSpecBecomesTheContainersImageNetworkLimitsWorkdirLabelsAndFolders() throws Exception {
    SandboxSpec spec = SandboxSpec.DEFAULT.withImage("alexgshaw/fix-git:20251031").withNetwork(true).withResources("2", "4096Mi")
        .withLayout("/app", List.of("/app", "/tests", "/logs"));
    try (DockerSandboxProvider provider = provider(4)) {
      Sandbox sb = provider.create("fix-git", spec);

      assertThat(sb.workdir()).isEqualTo("/app");
      String name = ((DockerChannel) ((ContainerSandbox) sb).channel()).container();
      assertThat(docker.calls("run")).containsExactly("run -d --rm --name " + name + " --network bridge --label envbook.sandbox="
          + ProcessHandle.current().pid() + " --label envbook.task=fix-git -w /app --cpus 2 --memory 4096m --entrypoint sleep "
          + "alexgshaw/fix-git:20251031 infinity");
      assertThat(docker.calls("exec")).containsExactly("exec " + name + " mkdir -p /app /tests /logs");
    }
  }

  @Test
  void withoutASpecTheContainerHasNoNetworkNoLimitsAndWorksInWorkspace() throws Exception {
    try (DockerSandboxProvider provider = provider(4)) {
      provider.create("plain");

      assertThat(docker.calls("run").getFirst()).contains(" --network none ", " -w /workspace --entrypoint sleep debian:stable-slim infinity")
          .doesNotContain("--cpus", "--memory");
      assertThat(docker.calls("exec")).isEmpty();
    }
  }

  @Test
  void aStartThatFailsForAPassingReasonIsTriedAgainAndItsLeftoverRemoved() throws Exception {
    docker.failRuns(2, "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": net/http: TLS handshake timeout");
    try (DockerSandboxProvider provider = provider(4)) {
      Sandbox sb = provider.create("flaky");

      assertThat(docker.calls("run")).hasSize(3);
      String name = ((DockerChannel) ((ContainerSandbox) sb).channel()).container();
      assertThat(docker.calls("rm")).containsExactly("rm -f " + name, "rm -f " + name);
      assertThat(docker.containers()).containsExactly(name);
    }
  }

  @Test
  void aStartThatKeepsFailingSaysHowOftenAndWhy() throws Exception {
    docker.failRuns(5, "Error response from daemon: toomanyrequests: You have reached your pull rate limit.");
    try (DockerSandboxProvider provider = provider(4)) {
      assertThatThrownBy(() -> provider.create("limited")).hasMessage("java.io.IOException: could not start a container for task limited: "
          + "`docker run` of image debian:stable-slim failed 3 times: Error response from daemon: toomanyrequests: You have reached "
          + "your pull rate limit.");
      assertThat(docker.calls("run")).hasSize(3);
    }
  }

  @Test
  void aMissingImageIsNotTriedAgain() throws Exception {
    docker.failRuns(1, "docker: Error response from daemon: pull access denied for nosuch/image, repository does not exist");
    try (DockerSandboxProvider provider = provider(4)) {
      assertThatThrownBy(() -> provider.create("missing", "nosuch/image")).hasMessageContaining("`docker run` of image nosuch/image failed: ");
      assertThat(docker.calls("run")).hasSize(1);
    }
  }

  @Test
  void noMoreContainersStartAtOnceThanTheCap() throws Exception {
    docker.startSeconds(0.3);
    try (DockerSandboxProvider provider = provider(2); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Sandbox>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String task = "t" + i;
        all.add(pool.submit(() -> provider.create(task)));
      }
      for (Future<Sandbox> f : all) {
        f.get();
      }

      assertThat(docker.calls("run")).hasSize(6);
      assertThat(docker.mostStartsAtOnce()).isBetween(1, 2);
    }
  }

  @Test
  void aTaskWithoutAnImageHasItsDockerfileBuiltOnceAndReused() throws Exception {
    Path context = Files.createDirectories(dir.resolve("task/environment"));
    Files.writeString(context.resolve("Dockerfile"), "FROM debian:stable-slim\nWORKDIR /app\n");
    SandboxSpec spec = SandboxSpec.DEFAULT.withBuild(context);
    try (DockerSandboxProvider provider = provider(4)) {
      provider.create("a", spec);
      provider.create("b", spec);

      String tag = "envbook-task:" + DockerImages.hash(context);
      assertThat(docker.calls("build")).containsExactly("build -t " + tag + " --label envbook.sandbox=image " + context);
      assertThat(docker.calls("run")).hasSize(2).allMatch(c -> c.endsWith(" " + tag + " infinity"));
    }
  }

  @Test
  void aBuildPastTheSpecsBuildTimeoutFailsSayingSoAndStartsNothing() throws Exception {
    Path context = Files.createDirectories(dir.resolve("slow/environment"));
    Files.writeString(context.resolve("Dockerfile"), "FROM debian:stable-slim\n");
    docker.buildSeconds(30);
    try (DockerSandboxProvider provider = provider(4)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> provider.create("slow", SandboxSpec.DEFAULT.withBuild(context).withBuildTimeout(Duration.ofSeconds(1))))
          .hasMessageContaining("`docker build` of " + context + " failed: `docker build` did not finish within 1 s");

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      assertThat(docker.calls("run")).isEmpty();
    }
  }

  @Test
  void pruneRemovesWhatARunKilledWithSigkillLeftBehind() throws Exception {
    Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "-Denvbook.docker=" + docker.program, DockerSandboxHolder.class.getName(), "3")
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream()))) {
      assertThat(out.readLine()).isEqualTo("holding 3 sandboxes");
    }
    run.destroyForcibly().waitFor(); // SIGKILL: the run cannot clean anything up
    assertThat(docker.containers()).hasSize(3);

    try (DockerSandboxProvider provider = provider(4)) {
      assertThat(provider.prune()).isEqualTo(3);
    }
    assertThat(docker.containers()).isEmpty();
    assertThat(docker.calls("ps")).containsExactly("ps -aq --filter label=envbook.sandbox");
  }

  @Test
  void kubernetesQuantitiesAreWrittenAsDockerTakesThem() {
    assertThat(DockerSandboxProvider.cpus("500m")).isEqualTo("0.5");
    assertThat(DockerSandboxProvider.cpus("2")).isEqualTo("2");
    assertThat(DockerSandboxProvider.bytes("4Gi")).isEqualTo("4g");
    assertThat(DockerSandboxProvider.bytes("2048Mi")).isEqualTo("2048m");
  }
}
