package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a task's folders laid over the host look like from inside a {@code bubblewrap} sandbox and from its files API. */
class BubblewrapLayoutTest {
  private static final Duration TEN_S = Duration.ofSeconds(10);
  private static final SandboxSpec HARBOR = SandboxSpec.DEFAULT.withLayout("/app", List.of("/app", "/tests", "/logs", "/tmp"));
  @TempDir Path host;
  private LocalSandboxProvider provider;

  @BeforeEach
  void provider() {
    provider = new LocalSandboxProvider(host.resolve("sandboxes"), 100_000, Isolation.BUBBLEWRAP);
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void commandsWorkInAppAndSeeTheFoldersTheFilesApiWrites() throws Exception {
    Sandbox sb = provider.create("t", HARBOR);
    sb.writeFile("/tests/test.sh", "echo from tests");
    sb.writeFile("notes.txt", "in app\n");

    ExecResult r = sb.exec("pwd; echo $HOME; bash /tests/test.sh; cat /app/notes.txt; mkdir -p /logs/verifier && echo 1 > /logs/verifier/reward.txt",
        TEN_S);

    assertThat(r.output()).isEqualTo("/app\n/app\nfrom tests\nin app\n");
    assertThat(sb.workdir()).isEqualTo("/app");
    assertThat(sb.readFile("/logs/verifier/reward.txt")).isEqualTo("1\n");
    assertThat(((LocalSandbox) sb).directory().resolve("logs/verifier/reward.txt")).hasContent("1");
  }

  @Test
  void tmpLastsFromOneCommandToTheNext() throws Exception {
    Sandbox sb = provider.create("t", HARBOR);

    sb.exec("echo kept > /tmp/state", TEN_S);

    assertThat(sb.exec("cat /tmp/state", TEN_S).output()).isEqualTo("kept\n");
  }

  @Test
  void nothingOutsideTheFoldersIsWritableOrNamed() throws Exception {
    Sandbox sb = provider.create("t", HARBOR);

    ExecResult r = sb.exec("touch /usr/x 2>&1; mkdir /elsewhere 2>&1; ls /app", TEN_S);

    assertThat(r.output()).contains("/usr/x", "Read-only file system", "/elsewhere");
    assertThatThrownBy(() -> sb.readFile("/etc/hostname")).isInstanceOf(SandboxViolation.class)
        .hasMessage("path `/etc/hostname` is outside the sandbox's folders /app, /tests, /logs, /tmp");
    assertThatThrownBy(() -> sb.writeFile("../etc/x", "no")).isInstanceOf(SandboxViolation.class);
  }

  @Test
  void theNetworkIsThereOnlyWhenTheTaskAsksForIt() throws Exception {
    String interfaces = "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' '";
    Sandbox offline = provider.create("off", HARBOR);
    Sandbox online = provider.create("on", HARBOR.withNetwork(true));

    assertThat(offline.exec(interfaces, TEN_S).output()).isEqualTo("lo ");
    assertThat(online.exec(interfaces, TEN_S).output()).isEqualTo(Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
        .map(l -> l.split(":")[0].strip()).sorted().reduce("", (a, b) -> a + b + " "));
  }

  @Test
  void aFolderThatWouldHideTheHostSystemIsRefused() {
    assertThatThrownBy(() -> provider.create("t", SandboxSpec.DEFAULT.withLayout("/usr/app", List.of("/usr/app"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sandbox folder /usr/app would hide the host system's /usr on this backend: use folders outside it, such as /app");
  }

  @Test
  void theLocalBackendSaysItCannotLayFoldersOut() {
    try (LocalSandboxProvider local = new LocalSandboxProvider(host.resolve("local"), 1000)) {
      assertThatThrownBy(() -> local.create("t", HARBOR)).isInstanceOf(IllegalStateException.class)
          .hasMessage("the local backend cannot lay out /app, /tests, /logs, /tmp: its commands see this machine as it is; "
              + "use sandbox 'bubblewrap' (or 'docker')");
    }
  }
}
