package io.envbook.kernel.protocol;

import io.envbook.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Jupyter message: the routing identities it came with, its header, its parent's header,
 * metadata, content and raw buffers.
 */
public record Msg(List<byte[]> identities, ObjectNode header, JsonNode parent, ObjectNode metadata, ObjectNode content,
    List<byte[]> buffers) {

  public String type() {
    return header.path("msg_type").asString("");
  }

  public String id() {
    return header.path("msg_id").asString("");
  }

  /** A reply or broadcast caused by this message: same identities, this header as parent. */
  public Msg child(Header header, String type, ObjectNode content) {
    return new Msg(identities, header.make(type), this.header, Json.object(), content, List.of());
  }
}
