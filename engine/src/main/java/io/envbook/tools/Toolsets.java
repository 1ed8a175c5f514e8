package io.envbook.tools;

import io.envbook.util.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The built-in toolsets by name: {@code terminal} (the {@code terminal} tool) and {@code file}
 * ({@code read_file}, {@code write_file}, {@code patch}, {@code search_files}, {@code list_directory}).
 */
public final class Toolsets {
  private static final Map<String, Supplier<List<Tool>>> ALL = Map.of(
      "terminal", () -> List.of(new TerminalTool()),
      "file", FileTools::all);

  private Toolsets() {}

  /** The tools of the named toolsets, in order; an unknown name fails with a suggestion. */
  public static List<Tool> resolve(List<String> names) {
    List<Tool> tools = new ArrayList<>();
    for (String name : names) {
      Supplier<List<Tool>> set = ALL.get(name);
      if (set == null) {
        throw new IllegalArgumentException("unknown toolset `" + name + "`:" + Suggest.didYouMean(name, ALL.keySet())
            + " Known toolsets: " + String.join(", ", names()));
      }
      tools.addAll(set.get());
    }
    return tools;
  }

  public static Set<String> names() {
    return new TreeSet<>(ALL.keySet());
  }
}
