package io.envbook.dsl;

import io.envbook.data.Dataset;
import io.envbook.data.DatasetException;
import io.envbook.env.Item;
import java.util.Iterator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A dataset named in a script, read when the environment is set up (not when the script runs), one
 * row at a time: a run of the first 10 items of a large file reads 10 rows.
 */
public final class DatasetSource {
  private final String description;
  private final Supplier<Stream<Item>> opener;
  private final int line;

  DatasetSource(String description, Supplier<Stream<Item>> opener, int line) {
    this.description = description;
    this.opener = opener;
    this.line = line;
  }

  /** Every item, read whole. */
  Dataset load(ScriptContext script) {
    try (Stream<Item> items = opener.get()) {
      Dataset d = new Dataset(description, items.toList());
      if (d.items().isEmpty()) {
        throw script.error(line, "dataset " + description + " has no items");
      }
      return d;
    } catch (DatasetException e) {
      throw script.error(line, e.getMessage());
    }
  }

  /** The items one at a time, the dataset's errors told as the script's (at the line that names it); close it after. */
  Rows open(ScriptContext script) {
    try {
      return new Rows(opener.get(), script);
    } catch (DatasetException e) {
      throw script.error(line, e.getMessage());
    }
  }

  /** An open dataset: its items in order, then {@code null}. */
  final class Rows implements AutoCloseable {
    private final Stream<Item> stream;
    private final Iterator<Item> items;
    private final ScriptContext script;

    private Rows(Stream<Item> stream, ScriptContext script) {
      this.stream = stream;
      this.items = stream.iterator();
      this.script = script;
    }

    Item next() {
      try {
        return items.hasNext() ? items.next() : null;
      } catch (DatasetException e) {
        throw script.error(line, e.getMessage());
      }
    }

    /** Fails, naming the dataset, when it has no items at all. */
    void requireItems() {
      throw script.error(line, "dataset " + description + " has no items");
    }

    @Override
    public void close() {
      stream.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
