package io.envbook.rollout;

import io.envbook.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One shard's rollout file as {@link ShardMerge} reads it, in one pass and without holding any
 * transcript: its header, and for each rollout key where its last record starts, how long it is, and
 * the rollout without its conversation (enough for metrics). Torn or unreadable lines are skipped, as
 * {@link RolloutFile#read} skips them.
 */
record ShardFile(Path path, Provenance header, Map<RolloutKey, Record> records) {
  /** What a shard merge keeps of a record: not the conversation, the token ids, the tool errors or the judges' words. */
  private static final Set<String> SKIPPED = Set.of("messages", "tokens", "tool_errors", "reward_explanation");

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
          ObjectNode record = parse(line, lineLength);
          if (record != null && RolloutFile.isHeader(record)) {
            header = header == null ? Provenance.fromJson(record) : header;
          } else if (record != null) {
            Rollout r = rollout(record);
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

  /**
   * A line's record without what {@link #SKIPPED} names, and of its item only the {@code category}
   * field; {@code null} when the line is torn, blank or no JSON object. Skipped parts are read past
   * without building them.
   */
  private static ObjectNode parse(byte[] line, int length) {
    try (JsonParser p = Json.MAPPER.createParser(line, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ObjectNode o = Json.object();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (SKIPPED.contains(name)) {
          p.skipChildren();
        } else if (name.equals("item")) {
          JsonNode category = ((JsonNode) p.readValueAsTree()).get("category");
          if (category != null) {
            o.putObject("item").set("category", category);
          }
        } else {
          o.set(name, (JsonNode) p.readValueAsTree());
        }
      }
      return t == JsonToken.END_OBJECT ? o : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The rollout a record holds; null when it is no rollout. */
  private static Rollout rollout(ObjectNode o) {
    for (JsonNode judged : o.path("judgements")) {
      ((ObjectNode) judged).remove(List.of("reasoning", "verdict"));
    }
    try {
      return RolloutCodec.fromJson(o);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
