package io.envbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Signer;
import io.envbook.kernel.protocol.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** The start-up warm-up makes every round trip on its own loopback sockets and leaves none behind. */
class ProtocolWarmUpTest {
  @Test
  void everyRoundTripIsMadeOnPrivateSocketsThatAreClosedAfter() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (ZContext context = new ZContext()) {
      WireCodec codec = new WireCodec(new Signer("hmac-sha256", "a-key"));

      int made = ProtocolWarmUp.run(context, codec, new Header(), new PrintStream(log, true, StandardCharsets.UTF_8));

      assertThat(made).isEqualTo(ProtocolWarmUp.ROUND_TRIPS);
      assertThat(context.getSockets()).isEmpty();
      assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    }
  }
}
