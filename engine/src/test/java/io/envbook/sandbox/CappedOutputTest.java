package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a finished command printed is all there, however late its reader runs. */
class CappedOutputTest {
  /** A pipe whose reader gets to run only after {@code ms}, as on a loaded machine. */
  private static InputStream lateReader(String text, long ms) {
    return new FilterInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
      private boolean waited;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (!waited) {
          waited = true;
          try {
            Thread.sleep(ms);
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
        return super.read(b, off, len);
      }
    };
  }

  @Test
  void theOutputOfAFinishedCommandIsReadToItsEndWhenTheReaderRunsLate() {
    CappedOutput out = new CappedOutput(lateReader("Hello from Hermes Agent\n", 400), 1000);

    assertThat(out.await(10_000, () -> false)).isEqualTo("Hello from Hermes Agent\n");
  }

  @Test
  void whileBackgroundChildrenHoldThePipeItReturnsOnceTheOutputIsQuiet() {
    CappedOutput out = new CappedOutput(lateReader("never mind", 5_000), 1000);
    long t0 = System.nanoTime();

    String text = out.await(10_000, () -> true);

    assertThat(text).isEmpty();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(4_000);
  }
}
