package io.envbook.kernel.protocol;

import io.envbook.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns ZeroMQ frames into {@link Msg}s and back: identities, {@code <IDS|MSG>}, the signature, four
 * JSON frames, then buffers. A message with a bad signature or a broken shape is refused with the
 * reason; it is never run.
 */
public final class WireCodec {
  static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
  private final Signer signer;

  public WireCodec(Signer signer) {
    this.signer = signer;
  }

  public List<byte[]> encode(Msg m) {
    List<byte[]> json = List.of(bytes(m.header()), bytes(m.parent() == null ? Json.object() : m.parent()), bytes(m.metadata()),
        bytes(m.content()));
    List<byte[]> frames = new ArrayList<>(m.identities());
    frames.add(DELIMITER);
    frames.add(signer.sign(json).getBytes(StandardCharsets.US_ASCII));
    frames.addAll(json);
    frames.addAll(m.buffers());
    return frames;
  }

  /** Decodes frames; throws {@link BadMessage} saying why a message is refused. */
  public Msg decode(List<byte[]> frames) throws BadMessage {
    int d = -1;
    for (int i = 0; i < frames.size(); i++) {
      if (Arrays.equals(frames.get(i), DELIMITER)) {
        d = i;
        break;
      }
    }
    if (d < 0) {
      throw new BadMessage("no <IDS|MSG> delimiter among " + frames.size() + " frames");
    }
    if (frames.size() < d + 6) {
      throw new BadMessage("only " + (frames.size() - d - 1) + " frames after the delimiter, 5 needed");
    }
    List<byte[]> json = frames.subList(d + 2, d + 6);
    String signature = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
    if (!signer.verify(signature, json)) {
      throw new BadMessage("bad signature");
    }
    try {
      JsonNode header = Json.MAPPER.readTree(json.get(0));
      JsonNode parent = Json.MAPPER.readTree(json.get(1));
      JsonNode metadata = Json.MAPPER.readTree(json.get(2));
      JsonNode content = Json.MAPPER.readTree(json.get(3));
      if (!(header instanceof ObjectNode h) || !h.has("msg_type") || !(content instanceof ObjectNode c)) {
        throw new BadMessage("header or content is not a JSON object with msg_type");
      }
      return new Msg(List.copyOf(frames.subList(0, d)), h, parent,
          metadata instanceof ObjectNode md ? md : Json.object(), c, List.copyOf(frames.subList(d + 6, frames.size())));
    } catch (RuntimeException e) {
      throw new BadMessage("frames are not JSON: " + e.getMessage());
    }
  }

  private static byte[] bytes(JsonNode n) {
    return Json.MAPPER.writeValueAsBytes(n);
  }

  /** A message that is refused. */
  public static final class BadMessage extends Exception {
    public BadMessage(String why) {
      super(why);
    }
  }
}
