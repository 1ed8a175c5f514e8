package io.envbook.tools;

import io.envbook.model.ToolSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The tools one rollout may call, by name, in the order they were added. Immutable. */
public final class ToolRegistry {
  public static final ToolRegistry EMPTY = new ToolRegistry(List.of());

  private final Map<String, Tool> tools = new LinkedHashMap<>();
  private final List<ToolSchema> schemas;

  public ToolRegistry(Collection<? extends Tool> tools) {
    for (Tool t : tools) {
      if (this.tools.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("two tools are named `" + t.name() + "`: give one of them another name");
      }
    }
    List<ToolSchema> all = new ArrayList<>();
    this.tools.values().forEach(t -> all.add(t.schema()));
    this.schemas = List.copyOf(all);
  }

  public Tool get(String name) {
    return tools.get(name);
  }

  public boolean isEmpty() {
    return tools.isEmpty();
  }

  /** The schemas sent to the model, built once: the agent loop asks for them every turn. */
  public List<ToolSchema> schemas() {
    return schemas;
  }

  /** Sorted names, as shown to the model when it calls an unknown tool. */
  public List<String> names() {
    return List.copyOf(new TreeSet<>(tools.keySet()));
  }

  public ToolRegistry plus(Collection<? extends Tool> more) {
    List<Tool> all = new ArrayList<>(tools.values());
    all.addAll(more);
    return new ToolRegistry(all);
  }
}
