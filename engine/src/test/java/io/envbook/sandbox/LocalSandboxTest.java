package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSandboxTest {
  private static final Duration TEN_S = Duration.ofSeconds(10);
  @TempDir Path base;
  private LocalSandboxProvider provider;
  private Sandbox sb;

  private Sandbox sandbox() {
    provider = new LocalSandboxProvider(base, 1000);
    sb = provider.create("task/1");
    return sb;
  }

  @AfterEach
  void closeAll() {
    if (provider != null) {
      provider.close();
    }
  }

  /** A sleep duration unique to this test run, so its processes can be found by command line. */
  private static String marker() {
    return "300." + String.format("%09d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L));
  }

  @Test
  void theWorkdirIsTheTaskDirectoryOnTheHost() throws Exception {
    LocalSandbox s = (LocalSandbox) sandbox();

    s.exec("echo hi > ~/a.txt", TEN_S);

    assertThat(s.workdir()).isEqualTo(s.directory().toString());
    assertThat(s.directory().getParent()).isEqualTo(base);
    assertThat(s.directory().resolve("a.txt")).hasContent("hi");
  }

  @Test
  void theHostEnvironmentDoesNotLeakIn() {
    ExecResult r = sandbox().exec("env | cut -d= -f1 | sort | tr '\\n' ' '", TEN_S);

    assertThat(r.output()).isEqualTo("ENVBOOK_SANDBOX HOME LANG PATH PWD PYTHONDONTWRITEBYTECODE SHELL SHLVL TERM TMPDIR _ ");
  }

  @Test
  void timeoutKillsTheWholeTreeIncludingDetachedChildren() throws Exception {
    String m = marker();
    String cmd = "sleep " + m + " & setsid sleep " + m + " & nohup sleep " + m + " >/dev/null 2>&1 & (sleep " + m + " &) ; sleep " + m;

    ExecResult r = sandbox().exec(cmd, Duration.ofMillis(500));

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(124);
    assertThat(Processes.survivors(m)).isEmpty();
  }

  /**
   * A fork bomb, bounded at 2,047 shells (each also starting a sleep) so that a failure of this test
   * cannot take the machine down: root is not held back by RLIMIT_NPROC. It is still multiplying when
   * the timeout strikes.
   */
  static String forkBomb(String marker) {
    return "b() { if [ $1 -gt 0 ]; then b $(($1-1)) & b $(($1-1)) & fi; sleep " + marker + "; }; b 10";
  }

  @Test
  void aForkBombIsKilledAtTheTimeoutWithNothingLeft() throws Exception {
    String m = marker();

    ExecResult r = sandbox().exec(forkBomb(m), Duration.ofSeconds(1));

    assertThat(r.timedOut()).isTrue();
    assertThat(Processes.survivors(m)).isEmpty();
  }

  @Test
  void pathsOutsideTheTaskDirectoryAreRefused() throws Exception {
    LocalSandbox s = (LocalSandbox) sandbox();
    Files.createSymbolicLink(s.directory().resolve("etc"), Path.of("/etc"));

    assertThatThrownBy(() -> s.readFile("../x")).isInstanceOf(SandboxViolation.class)
        .hasMessage("path `../x` is outside the task directory");
    assertThatThrownBy(() -> s.writeFile("/tmp/x", "no")).hasMessage("path `/tmp/x` is outside the task directory");
    assertThatThrownBy(() -> s.readFile("etc/passwd")).hasMessage("path `etc/passwd` is outside the task directory");
    assertThatThrownBy(() -> s.writeFile("etc/new/x", "no")).hasMessage("path `etc/new/x` is outside the task directory");
    assertThatThrownBy(() -> s.list("etc")).hasMessage("path `etc` is outside the task directory");
    assertThatThrownBy(() -> s.search(java.util.regex.Pattern.compile("root"), "etc", null))
        .hasMessage("path `etc` is outside the task directory");
    assertThatThrownBy(() -> s.exec(ExecRequest.of("pwd").cwd("/tmp"))).hasMessage("path `/tmp` is outside the task directory");
  }

  @Test
  void aLinkTheAgentMadeCarriesNoHostFileOut() throws Exception {
    LocalSandbox s = (LocalSandbox) sandbox();
    s.exec("mkdir out && ln -s /etc/hostname out/leak && echo mine > out/own.txt", TEN_S);
    Path into = base.resolveSibling(base.getFileName() + "-down");

    s.download("out", into);

    assertThat(into.resolve("own.txt")).hasContent("mine");
    assertThat(into.resolve("leak")).doesNotExist();
    assertThat(s.search(java.util.regex.Pattern.compile("."), "out", null).matches()).containsExactly("out/own.txt:1: mine");
  }

  @Test
  void twoHundredSandboxesInARowLeaveNothingBehind() throws Exception {
    provider = new LocalSandboxProvider(base, 1000);
    String m = marker();
    long fdsBefore = openFiles();
    for (int i = 0; i < 200; i++) {
      try (Sandbox s = provider.create("t" + i)) {
        s.writeFile("f.txt", "x");
        s.exec("sleep " + m + " & cat f.txt", TEN_S);
      }
    }

    assertThat(Processes.survivors(m)).isEmpty();
    try (var left = Files.list(base)) {
      assertThat(left).isEmpty();
    }
    assertThat(openFiles()).isLessThanOrEqualTo(fdsBefore + 5);
  }

  @Test
  void aProviderWithoutBaseRemovesItsTemporaryDirectoryOnClose() {
    LocalSandboxProvider p = new LocalSandboxProvider();
    Sandbox s = p.create("t");
    s.exec("touch x", TEN_S);

    p.close();

    assertThat(((LocalSandbox) s).directory()).doesNotExist();
    assertThat(p.base()).doesNotExist();
  }

  private static long openFiles() throws Exception {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
