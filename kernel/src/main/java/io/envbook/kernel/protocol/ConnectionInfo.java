package io.envbook.kernel.protocol;

import io.envbook.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** The connection file a Jupyter front end gives the kernel: transport, ports, and the signing key. */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort, int controlPort,
    int hbPort, String signatureScheme, String key) {

  public static ConnectionInfo read(Path file) throws IOException {
    JsonNode n = Json.parse(Files.readString(file));
    return new ConnectionInfo(
        n.path("transport").asString("tcp"), n.path("ip").asString("127.0.0.1"),
        n.path("shell_port").asInt(), n.path("iopub_port").asInt(), n.path("stdin_port").asInt(),
        n.path("control_port").asInt(), n.path("hb_port").asInt(),
        n.path("signature_scheme").asString("hmac-sha256"), n.path("key").asString(""));
  }

  public String address(int port) {
    return transport + "://" + ip + ":" + port;
  }
}
