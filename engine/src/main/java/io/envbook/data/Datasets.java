package io.envbook.data;

import io.envbook.env.Item;
import io.envbook.json.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Loads datasets: inline rows, JSONL, JSON (an array of objects, or an object holding one such
 * array) and CSV with a header row. Errors name the file and line.
 *
 * <pre>{@code
 * Dataset d = Datasets.jsonl(Path.of("data/tasks.jsonl"));
 * }</pre>
 */
public final class Datasets {
  private Datasets() {}

  public static Dataset inline(List<? extends Map<String, ?>> rows) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Object row = rows.get(i);
      if (!(row instanceof Map<?, ?> map)) {
        throw new DatasetException("inline item " + (i + 1) + " is not a map of fields: write it as [field: value, ...]");
      }
      items.add(item(i, stringKeys(map)));
    }
    return new Dataset("inline", items);
  }

  public static Dataset jsonl(Path file) {
    List<String> lines = readLines(file);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.parse(line);
      } catch (JacksonException e) {
        throw new DatasetException(file + " line " + (i + 1) + " is not valid JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new DatasetException(file + " line " + (i + 1) + " is not a JSON object");
      }
      items.add(item(items.size(), plain(node)));
    }
    return new Dataset(file.toString(), items);
  }

  public static Dataset json(Path file) {
    JsonNode root;
    try {
      root = Json.parse(String.join("\n", readLines(file)));
    } catch (JacksonException e) {
      throw new DatasetException(file + " line " + e.getLocation().getLineNr() + " is not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode rows = root;
    if (root != null && root.isObject()) {
      List<String> arrays = new ArrayList<>();
      root.properties().forEach(e -> {
        if (e.getValue().isArray()) {
          arrays.add(e.getKey());
        }
      });
      if (arrays.size() != 1) {
        throw new DatasetException(file + " must hold an array of objects, or an object with exactly one array field (found "
            + arrays.size() + ")");
      }
      rows = root.get(arrays.get(0));
    }
    if (rows == null || !rows.isArray()) {
      throw new DatasetException(file + " must hold an array of objects");
    }
    List<Item> items = new ArrayList<>();
    for (JsonNode row : rows) {
      if (!row.isObject()) {
        throw new DatasetException(file + " item " + (items.size() + 1) + " is not a JSON object");
      }
      items.add(item(items.size(), plain(row)));
    }
    return new Dataset(file.toString(), items);
  }

  public static Dataset csv(Path file) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(r, format)) {
      List<Item> items = new ArrayList<>();
      List<String> header = parser.getHeaderNames();
      for (CSVRecord rec : parser) {
        if (!rec.isConsistent()) {
          throw new DatasetException(file + " line " + rec.getParser().getCurrentLineNumber() + " has " + rec.size()
              + " values but the header has " + header.size());
        }
        Map<String, Object> row = new LinkedHashMap<>();
        header.forEach(h -> row.put(h, rec.get(h)));
        items.add(item(items.size(), row));
      }
      return new Dataset(file.toString(), items);
    } catch (NoSuchFileException e) {
      throw missing(file);
    } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      throw new DatasetException(file + " is not valid CSV: " + e.getMessage(), e);
    }
  }

  /** Reads a local file by its extension: {@code .jsonl}, {@code .json} or {@code .csv}. */
  public static Dataset file(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return jsonl(file);
    }
    if (name.endsWith(".json")) {
      return json(file);
    }
    if (name.endsWith(".csv")) {
      return csv(file);
    }
    throw new DatasetException(file + " has an unknown format: use .jsonl, .json or .csv");
  }

  static Item item(int index, Map<String, Object> fields) {
    Object id = fields.get("id");
    return Item.of(id == null ? String.valueOf(index) : id.toString(), fields);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(JsonNode node) {
    return (Map<String, Object>) Json.toPlain(node);
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw missing(file);
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static DatasetException missing(Path file) {
    return new DatasetException("dataset file " + file + " does not exist");
  }
}
