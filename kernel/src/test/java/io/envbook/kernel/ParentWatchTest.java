package io.envbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kernel ends with the front end that started it (JPY_PARENT_PID), and ignores a value that names none. */
class ParentWatchTest {
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

  @Test
  void theKernelShutsDownOnceItsFrontEndProcessIsKilled() throws Exception {
    Process frontEnd = new ProcessBuilder("sleep", "60").start();
    CountDownLatch exited = new CountDownLatch(1);
    try {
      assertThat(ParentWatch.start(String.valueOf(frontEnd.pid()), exited::countDown, out)).isTrue();
      assertThat(exited.await(300, TimeUnit.MILLISECONDS)).as("not while the front end runs").isFalse();

      frontEnd.destroyForcibly().waitFor();

      assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("the front end (process " + frontEnd.pid() + ") has exited");
    } finally {
      frontEnd.destroyForcibly();
    }
  }

  @Test
  void noVariableOrOneThatIsNoProcessIdWatchesNothing() {
    Runnable fail = () -> {
      throw new AssertionError("must not exit");
    };

    assertThat(ParentWatch.start(null, fail, out)).isFalse();
    assertThat(ParentWatch.start(" ", fail, out)).isFalse();
    assertThat(ParentWatch.start("not-a-pid", fail, out)).isFalse();
  }

  @Test
  void aFrontEndAlreadyGoneEndsTheKernelAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    CountDownLatch exited = new CountDownLatch(1);

    ParentWatch.start(String.valueOf(gone.pid()), exited::countDown, out);

    assertThat(exited.await(1, TimeUnit.SECONDS)).isTrue();
  }
}
