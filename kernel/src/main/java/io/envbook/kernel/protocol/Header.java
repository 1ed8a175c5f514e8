package io.envbook.kernel.protocol;

import io.envbook.json.Json;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/** Makes message headers for one kernel session (protocol 5.4). */
public final class Header {
  public static final String PROTOCOL_VERSION = "5.4";
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
  private final String session = UUID.randomUUID().toString();

  public ObjectNode make(String type) {
    return Json.object()
        .put("msg_id", UUID.randomUUID().toString())
        .put("session", session)
        .put("username", "envbook")
        .put("date", OffsetDateTime.now(ZoneOffset.UTC).format(ISO))
        .put("msg_type", type)
        .put("version", PROTOCOL_VERSION);
  }
}
