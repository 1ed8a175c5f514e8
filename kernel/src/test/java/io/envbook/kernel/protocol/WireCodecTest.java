package io.envbook.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private final WireCodec codec = new WireCodec(new Signer("hmac-sha256", "secret"));
  private final Header headers = new Header();

  private Msg message() {
    return new Msg(List.of("client-1".getBytes(StandardCharsets.UTF_8)), headers.make("execute_request"), Json.object(), Json.object(),
        Json.object().put("code", "1 + 1"), List.of());
  }

  @Test
  void aSignedMessageRoundTrips() throws Exception {
    Msg back = codec.decode(codec.encode(message()));

    assertThat(back.type()).isEqualTo("execute_request");
    assertThat(back.content().get("code").asString()).isEqualTo("1 + 1");
    assertThat(new String(back.identities().get(0), StandardCharsets.UTF_8)).isEqualTo("client-1");
  }

  @Test
  void theSignatureIsHmacSha256OfTheFourJsonFrames() {
    List<byte[]> frames = codec.encode(message());
    String sig = new String(frames.get(2), StandardCharsets.US_ASCII);

    assertThat(sig).hasSize(64).matches("[0-9a-f]+");
    assertThat(new Signer("hmac-sha256", "secret").verify(sig, frames.subList(3, 7))).isTrue();
  }

  @Test
  void aWrongSignatureOrATamperedFrameIsRefused() {
    List<byte[]> frames = new ArrayList<>(codec.encode(message()));
    frames.set(6, "{\"code\":\"evil()\"}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> codec.decode(frames)).isInstanceOf(WireCodec.BadMessage.class).hasMessage("bad signature");
    assertThatThrownBy(() -> new WireCodec(new Signer("hmac-sha256", "other")).decode(codec.encode(message())))
        .hasMessage("bad signature");
  }

  @Test
  void brokenShapesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> codec.decode(List.of("x".getBytes()))).hasMessage("no <IDS|MSG> delimiter among 1 frames");
    assertThatThrownBy(() -> codec.decode(List.of(WireCodec.DELIMITER, "sig".getBytes())))
        .hasMessage("only 1 frames after the delimiter, 5 needed");
  }

  @Test
  void anEmptyKeyTurnsSigningOff() throws Exception {
    WireCodec open = new WireCodec(new Signer("hmac-sha256", ""));
    List<byte[]> frames = open.encode(message());

    assertThat(frames.get(2)).isEmpty();
    assertThat(open.decode(frames).type()).isEqualTo("execute_request");
  }
}
