package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envbook sandboxes prune}, against a stand-in {@code docker} command and fabric8's mock API server (no engine or cluster needed). */
class SandboxesCommandTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void pruneRemovesTheContainersTheDockerBackendLabelled() throws Exception {
    Path calls = dir.resolve("calls");
    Path docker = Files.writeString(dir.resolve("docker"), """
        #!/bin/bash
        printf '%%s\\n' "$*" >> '%s'
        case "$1" in
          version) echo 27.3.1 ;;
          ps) printf 'c0ffee01\\nc0ffee02\\n' ;;
        esac
        """.formatted(calls));
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    System.setProperty("envbook.docker", docker.toString());
    try {
      int code = Main.execute("sandboxes", "prune", "--backend", "docker");

      assertThat(code).as(stderr()).isZero();
      assertThat(stdout()).isEqualTo("removed 2 sandboxes from the docker backend\n");
      assertThat(Files.readAllLines(calls)).containsExactly("version --format {{.Server.Version}}", "ps -aq --filter label=envbook.sandbox",
          "rm -f c0ffee01 c0ffee02");
    } finally {
      System.clearProperty("envbook.docker");
    }
  }

  @Test
  void theLocalBackendRemovesTheTaskDirectoriesOfRunsThatAreGone() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path gone = Files.createDirectories(tmp.resolve("envbook-sandboxes-" + Integer.MAX_VALUE + "-123/task-1-abc"));
    Path live = Files.createDirectories(tmp.resolve("envbook-sandboxes-" + ProcessHandle.current().pid() + "-456/task-2-def"));
    String previous = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
    try {
      assertThat(Main.execute("sandboxes", "prune", "--backend", "local")).isZero();
      assertThat(stdout()).isEqualTo("removed 1 sandbox from the local backend\n");
      assertThat(gone.getParent()).doesNotExist();
      assertThat(live).isDirectory();
    } finally {
      System.setProperty("java.io.tmpdir", previous);
    }
  }

  @Test
  void pruneDeletesThePodsTheKubernetesBackendLabelledInTheNamespaceGiven() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
        false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      for (String name : List.of("envbook-a-1", "envbook-b-2", "not-ours")) {
        client.pods().inNamespace("rollouts").resource(new PodBuilder().withNewMetadata().withName(name)
            .withLabels(name.startsWith("envbook") ? Map.of("app.kubernetes.io/managed-by", "envbook") : Map.of()).endMetadata().build()).create();
      }
      System.setProperty("kubernetes.master", client.getMasterUrl().toString());
      System.setProperty("kubernetes.auth.tryKubeConfig", "false");

      int code = Main.execute("sandboxes", "prune", "--backend", "kubernetes", "--sandbox-option", "namespace=rollouts");

      assertThat(code).as(stderr()).isZero();
      assertThat(stdout()).isEqualTo("removed 2 sandboxes from the kubernetes backend\n");
      assertThat(client.pods().inNamespace("rollouts").list().getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("not-ours");
    } finally {
      System.clearProperty("kubernetes.master");
      System.clearProperty("kubernetes.auth.tryKubeConfig");
      server.destroy();
    }
  }

  @Test
  void aKubernetesSettingOutOfRangeIsAUsageMistakeNamingIt() {
    assertThat(Main.execute("sandboxes", "prune", "--backend", "kubernetes", "--sandbox-option", "warmPool=-1")).isEqualTo(2);
    assertThat(stderr()).contains("the kubernetes setting warmPool must be 0 or more, got -1");
  }

  @Test
  void aMisspelledBackendIsAUsageMistakeWithASuggestion() {
    assertThat(Main.execute("sandboxes", "prune", "--backend", "dockr")).isEqualTo(2);
    assertThat(stderr()).contains("unknown sandbox backend `dockr`: did you mean `docker`?");
  }
}
