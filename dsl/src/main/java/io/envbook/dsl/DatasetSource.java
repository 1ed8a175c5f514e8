package io.envbook.dsl;

import io.envbook.data.Dataset;
import io.envbook.data.DatasetException;
import java.util.function.Supplier;

/** A dataset named in a script, loaded when the environment is set up (not when the script runs). */
public final class DatasetSource {
  private final String description;
  private final Supplier<Dataset> loader;
  private final int line;

  DatasetSource(String description, Supplier<Dataset> loader, int line) {
    this.description = description;
    this.loader = loader;
    this.line = line;
  }

  Dataset load(ScriptContext script) {
    try {
      Dataset d = loader.get();
      if (d.items().isEmpty()) {
        throw script.error(line, "dataset " + description + " has no items");
      }
      return d;
    } catch (DatasetException e) {
      throw script.error(line, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
