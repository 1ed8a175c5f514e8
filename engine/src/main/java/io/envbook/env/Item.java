package io.envbook.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One dataset row: a stable id (used to resume runs) and its fields. Fields are plain Java values
 * (strings, numbers, booleans, lists, maps), read with {@link #get} or {@link #text}.
 */
public record Item(String id, Map<String, Object> fields) {
  public Item {
    Objects.requireNonNull(id, "id == null");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields == null ? Map.of() : fields));
  }

  public static Item of(String id, Map<String, Object> fields) {
    return new Item(id, fields);
  }

  public Object get(String field) {
    return fields.get(field);
  }

  /** The field as text, or {@code null} when missing. */
  public String text(String field) {
    Object v = fields.get(field);
    return v == null ? null : v.toString();
  }
}
