package io.envbook.data;

import io.envbook.env.Item;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads datasets whole: inline rows, and files as {@link DatasetFiles} reads them (JSONL, JSON, CSV,
 * Parquet). Errors name the file and line.
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
    return collect(file, DatasetFiles.jsonl(file));
  }

  public static Dataset json(Path file) {
    return collect(file, DatasetFiles.json(file));
  }

  public static Dataset csv(Path file) {
    return collect(file, DatasetFiles.csv(file));
  }

  /** The rows of Parquet files, in order, as one dataset named after the first. */
  public static Dataset parquet(List<Path> files) {
    return collect(files.getFirst(), DatasetFiles.parquet(files));
  }

  /**
   * Reads a local file by its extension: {@code .jsonl}, {@code .json}, {@code .csv} or
   * {@code .parquet}. To go through a large file without holding it, use {@link DatasetFiles#stream}.
   */
  public static Dataset file(Path file) {
    return collect(file, DatasetFiles.stream(file));
  }

  private static Dataset collect(Path file, java.util.stream.Stream<Item> items) {
    try (items) {
      return new Dataset(file.toString(), items.toList());
    }
  }

  static Item item(int index, Map<String, Object> fields) {
    Object id = fields.get("id");
    return Item.of(id == null ? String.valueOf(index) : id.toString(), fields);
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
