package io.envbook.rollout;

import io.envbook.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One shard's rollout file as {@link ShardMerge} reads it, in one pass and without holding any
 * transcript: its header, and for each rollout key where its last record starts, how long it is, and
 * the rollout without its messages (enough for metrics). Torn or unreadable lines are skipped, as
 * {@link RolloutFile#read} skips them.
 */
record ShardFile(Path path, Provenance header, Map<RolloutKey, Record> records) {
  /** Where a rollout's last record is in the file, and that rollout without its conversation. */
  record Record(long offset, int length, Rollout rollout) {}

  static ShardFile scan(Path path) throws IOException {
    Provenance header = null;
    Map<RolloutKey, Record> records = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(path)) {
      byte[] buf = new byte[1 << 16];
      byte[] line = new byte[1 << 12];
      int lineLength = 0;
      long lineStart = 0;
      long position = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') {
            if (lineLength == line.length) {
              line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = buf[i];
            continue;
          }
          String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
          JsonNode record = parse(text);
          if (record != null && RolloutFile.isHeader(record)) {
            header = header == null ? Provenance.fromJson(record) : header;
          } else if (record != null) {
            Rollout r = withoutConversation(record);
            if (r != null) {
              records.remove(r.key());
              records.put(r.key(), new Record(lineStart, lineLength + 1, r));
            }
          }
          lineLength = 0;
          lineStart = position + i + 1;
        }
        position += n;
      }
    }
    return new ShardFile(path, header, records);
  }

  private static JsonNode parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      return Json.parse(line);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The rollout a record holds, its messages and item left out (but for the item's category); null when it is no rollout. */
  private static Rollout withoutConversation(JsonNode record) {
    if (!(record instanceof ObjectNode o)) {
      return null;
    }
    o.remove("messages");
    o.remove("tokens");
    JsonNode category = o.path("item").get("category");
    o.remove("item");
    if (category != null) {
      o.putObject("item").set("category", category);
    }
    try {
      return RolloutCodec.fromJson(o);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
