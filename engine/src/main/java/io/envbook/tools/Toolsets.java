package io.envbook.tools;

import java.util.List;

/** The built-in toolsets by name. (Filled in by the sandbox slice; until then no toolset is known.) */
public final class Toolsets {
  private Toolsets() {}

  public static List<Tool> resolve(List<String> names) {
    if (!names.isEmpty()) {
      throw new IllegalArgumentException("unknown toolset `" + names.get(0) + "`");
    }
    return List.of();
  }
}
