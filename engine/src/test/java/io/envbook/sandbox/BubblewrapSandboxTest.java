package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bubblewrap backend (Debian's bwrap, installed by .ci/run): nothing writable outside the task, no network. */
class BubblewrapSandboxTest {
  private static final Duration TEN_S = Duration.ofSeconds(10);
  @TempDir Path base;
  private LocalSandboxProvider provider;

  private Sandbox sandbox() {
    provider = new LocalSandboxProvider(base, 10_000, Isolation.BUBBLEWRAP);
    return provider.create("bw");
  }

  @AfterEach
  void tearDown() {
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void theTaskDirectoryIsWritableAndNothingElse() throws Exception {
    Sandbox sb = sandbox();
    String name = "envbook-escape-" + UUID.randomUUID();

    ExecResult r = sb.exec("echo in > inside.txt && cat inside.txt; echo out > /etc/" + name + "; echo out > " + base + "/" + name
        + "; echo tmp > /tmp/" + name + " && echo tmp-ok", TEN_S);

    assertThat(r.output()).contains("in\n").contains("/etc/" + name + ": Read-only file system").contains("tmp-ok");
    assertThat(sb.readFile("inside.txt")).isEqualTo("in\n");
    assertThat(Path.of("/etc", name)).doesNotExist();
    assertThat(base.resolve(name)).as("the folder beside the task lies in the sandbox's own /tmp").doesNotExist();
    assertThat(Path.of("/tmp", name)).as("the sandbox's /tmp is its own").doesNotExist();
  }

  @Test
  void thereIsNoNetwork() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ExecResult r = sandbox().exec("(echo hi > /dev/tcp/127.0.0.1/" + server.getLocalPort() + ") 2>&1; echo rc=$?", TEN_S);

      assertThat(r.output()).contains("rc=1");
      server.setSoTimeout(500);
      assertThat(acceptsWithin(server)).as("no connection reached the host").isFalse();
    }
  }

  private static boolean acceptsWithin(ServerSocket server) {
    try (var ignored = server.accept()) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aForkBombIsKilledAtTheTimeoutWithNothingLeft() throws Exception {
    String m = "300." + String.format("%09d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L));

    ExecResult r = sandbox().exec(LocalSandboxTest.forkBomb(m), Duration.ofSeconds(1));

    assertThat(r.timedOut()).isTrue();
    assertThat(Processes.survivors(m)).isEmpty();
  }
}
