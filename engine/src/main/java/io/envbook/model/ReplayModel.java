package io.envbook.model;

import io.envbook.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A built-in offline model that answers with the assistant turns of a saved rollout file, so a run can
 * be repeated without a model server (to re-run rewards on real sandboxes, to demo, to test). It is
 * labelled {@code replay:<file>}.
 *
 * <p>A rollout is matched by its item id and sample index; when that sample was not saved, the first
 * saved sample of the item is used. Turn {@code i} gets that rollout's {@code i}-th assistant message.
 *
 * <pre>{@code
 * ChatModel m = ReplayModel.load(Path.of("runs/terminal-test.jsonl"));
 * }</pre>
 */
public final class ReplayModel implements ChatModel {
  private final Map<String, List<Message>> byItemAndSample;
  private final Map<String, List<Message>> byItem;
  private final Path file;

  private ReplayModel(Map<String, List<Message>> byItemAndSample, Map<String, List<Message>> byItem, Path file) {
    this.byItemAndSample = byItemAndSample;
    this.byItem = byItem;
    this.file = file;
  }

  /** Reads a rollout JSONL file; lines that are not rollouts are named in the exception. */
  public static ReplayModel load(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException("replay file " + file + " does not exist");
    }
    Map<String, List<Message>> exact = new HashMap<>();
    Map<String, List<Message>> first = new HashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode o;
      try {
        o = Json.parse(lines.get(i));
      } catch (RuntimeException e) {
        if (i == lines.size() - 1) {
          break; // a torn last line from a killed run
        }
        throw new IOException(file + " line " + (i + 1) + " is not JSON: " + e.getMessage());
      }
      if (io.envbook.rollout.RolloutFile.isHeader(o)) {
        continue; // what produced the file, not a rollout
      }
      String itemId = Json.text(o, "item_id");
      if (itemId == null || !o.has("messages")) {
        throw new IOException(file + " line " + (i + 1) + " is not a rollout record (no item_id or messages)");
      }
      List<Message> assistant = new ArrayList<>();
      for (Message m : MessageCodec.fromJsonArray(o.get("messages"))) {
        if (m.role().equals("assistant")) {
          assistant.add(m);
        }
      }
      exact.put(itemId + "#" + o.path("sample").asInt(0), assistant);
      first.putIfAbsent(itemId, assistant);
    }
    return new ReplayModel(exact, first, file);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    ChatRequest.Origin origin = request.origin();
    String itemId = origin.itemId();
    List<Message> turns = byItemAndSample.get(itemId + "#" + origin.sample());
    if (turns == null) {
      turns = byItem.get(itemId);
    }
    if (turns == null) {
      throw new ModelException("the replay file has no rollout for item `" + itemId + "`");
    }
    if (origin.turn() >= turns.size()) {
      throw new ModelException("the replay file's rollout for item `" + itemId + "` has only " + turns.size()
          + " assistant turns; turn " + (origin.turn() + 1) + " was asked for");
    }
    return ChatResponse.of(turns.get(origin.turn()));
  }

  @Override
  public String name() {
    return "replay:" + file.getFileName();
  }

  /** Its label and the file it answers from, as it was given. */
  @Override
  public Map<String, String> provenance() {
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("name", name());
    facts.put("file", file.toString());
    return facts;
  }

  @Override
  public boolean builtIn() {
    return true;
  }
}
