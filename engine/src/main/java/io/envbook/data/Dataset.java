package io.envbook.data;

import io.envbook.env.Item;
import java.util.List;

/**
 * Items loaded from one source, in order, with where they came from. Item ids come from an {@code id}
 * field when rows have one, else from the row number (0-based).
 */
public record Dataset(String source, List<Item> items) {
  public Dataset {
    items = List.copyOf(items);
  }

  public int size() {
    return items.size();
  }
}
