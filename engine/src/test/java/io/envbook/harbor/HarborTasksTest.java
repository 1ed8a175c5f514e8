package io.envbook.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.sandbox.SandboxSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Harbor task directories: task.toml with both schema spellings, and the sandbox a task asks for. */
class HarborTasksTest {
  private static final Path EXAMPLES = Path.of("../examples/harbor");
  @TempDir Path dir;

  @Test
  void aFolderOfTasksReadsEachTaskTomlWithHarborsDefaults() {
    List<HarborTask> tasks = HarborTasks.load(EXAMPLES);

    assertThat(tasks).extracting(HarborTask::name).containsExactly("count-words", "csv-summary", "fix-greeting");
    HarborTask greeting = tasks.get(2);
    assertThat(greeting.agentTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(greeting.verifierTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(greeting.memoryMb()).as("the older memory = \"2G\"").isEqualTo(2048);
    assertThat(greeting.storageMb()).isEqualTo(4096);
    assertThat(greeting.cpus()).isEqualTo(2);
    assertThat(greeting.allowInternet()).isFalse();
    assertThat(greeting.env()).isEqualTo(Map.of("PYTHONPATH", "/app/src"));
    assertThat(greeting.verifierEnv()).isEqualTo(Map.of("GREETING_NAME", "Ada"));
    assertThat(greeting.category()).isEqualTo("software-engineering");
    assertThat(greeting.solveScript()).isNotNull();
  }

  @Test
  void aTasksSandboxIsItsImageOrDockerfileResourcesNetworkAndFolders() throws Exception {
    HarborTask csv = HarborTasks.load(EXAMPLES.resolve("csv-summary")).getFirst();

    SandboxSpec spec = TaskRun.spec(csv);

    assertThat(spec.image()).isNull();
    assertThat(spec.build()).isEqualTo(EXAMPLES.resolve("csv-summary/environment").toAbsolutePath());
    assertThat(spec.network()).isFalse();
    assertThat(List.of(spec.cpu(), spec.memory(), spec.storage())).containsExactly("1", "2048Mi", "10240Mi");
    assertThat(spec.workdir()).isEqualTo("/app");
    assertThat(spec.folders()).containsExactly("/app", "/tests", "/logs", "/solution", "/tmp");

    Path own = Files.createDirectories(dir.resolve("own/environment"));
    Files.writeString(own.resolve("Dockerfile"), "FROM x\nWORKDIR /srv\nWORKDIR project\n");
    Files.writeString(dir.resolve("own/instruction.md"), "Go.");
    Files.writeString(dir.resolve("own/task.toml"), "version = \"1.0\"\n[environment]\ndocker_image = \"acme/own:2\"\n");
    SandboxSpec ownSpec = TaskRun.spec(HarborTasks.load(dir.resolve("own")).getFirst());
    assertThat(ownSpec.image()).isEqualTo("acme/own:2");
    assertThat(ownSpec.build()).as("a named image wins over the Dockerfile").isNull();
    assertThat(ownSpec.workdir()).isEqualTo("/srv/project");
    assertThat(ownSpec.network()).as("Harbor allows the internet unless told not to").isTrue();
  }

  @Test
  void aTasksBuildTimeoutBoundsTheBuildOfItsImageAndDefaultsToHarbors() throws Exception {
    Path quick = Files.createDirectories(dir.resolve("quick/environment"));
    Files.writeString(quick.resolve("Dockerfile"), "FROM x\n");
    Files.writeString(dir.resolve("quick/instruction.md"), "Go.");
    Files.writeString(dir.resolve("quick/task.toml"), "version = \"1.0\"\n[environment]\nbuild_timeout_sec = 45.5\n");
    Path plain = Files.createDirectories(dir.resolve("plain/environment"));
    Files.writeString(plain.resolve("Dockerfile"), "FROM x\n");
    Files.writeString(dir.resolve("plain/instruction.md"), "Go.");

    assertThat(TaskRun.spec(HarborTasks.load(dir.resolve("quick")).getFirst()).buildTimeout()).isEqualTo(Duration.ofMillis(45_500));
    assertThat(TaskRun.spec(HarborTasks.load(dir.resolve("plain")).getFirst()).buildTimeout()).isEqualTo(Duration.ofSeconds(600));
    Files.writeString(dir.resolve("quick/task.toml"), "version = \"1.0\"\n[environment]\nbuild_timeout_sec = 0\n");
    assertThatThrownBy(() -> HarborTasks.load(dir.resolve("quick"))).hasMessageContaining("build_timeout_sec must be a positive");
  }

  @Test
  void aFolderWithoutTasksAndBadTomlAreNamed() throws Exception {
    assertThatThrownBy(() -> HarborTasks.load(dir)).isInstanceOf(TaskFormatException.class)
        .hasMessage(dir + " is neither a task directory (one holding instruction.md and task.toml) nor a folder of them");
    Files.writeString(dir.resolve("instruction.md"), "Go.");
    Files.writeString(dir.resolve("task.toml"), "[agent\ntimeout_sec = 1\n");
    assertThatThrownBy(() -> HarborTasks.load(dir)).isInstanceOf(TaskFormatException.class)
        .hasMessageStartingWith(dir.resolve("task.toml") + " is not valid TOML: ");
  }

  @Test
  void aRowWhoseArchiveLeavesItsFolderIsRefused() throws Exception {
    byte[] tar;
    try (var bytes = new java.io.ByteArrayOutputStream()) {
      try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
          new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(bytes))) {
        var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../escape.txt");
        e.setSize(1);
        out.putArchiveEntry(e);
        out.write('x');
        out.closeArchiveEntry();
      }
      tar = bytes.toByteArray();
    }
    Map<String, Object> row = Map.of("task_name", "evil", "instruction", "Go.",
        "environment_tar", java.util.Base64.getEncoder().encodeToString(tar));

    assertThatThrownBy(() -> HarborTasks.fromRow(row, dir)).isInstanceOf(TaskFormatException.class)
        .hasMessage("the environment_tar of task evil holds `../escape.txt`, an absolute path, a path leaving the archive or a link: "
            + "such archives are refused");
    assertThat(dir.getParent().resolve("escape.txt")).doesNotExist();
  }
}
