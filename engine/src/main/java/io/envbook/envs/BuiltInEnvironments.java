package io.envbook.envs;

import io.envbook.env.Environment;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The environments shipped with envbook, by name. */
public final class BuiltInEnvironments {
  private static final Map<String, Supplier<Environment>> ALL = Map.of(TerminalTestEnv.NAME, TerminalTestEnv::new);

  private BuiltInEnvironments() {}

  /** A new instance of the named environment, or {@code null} when there is none by that name. */
  public static Environment create(String name) {
    Supplier<Environment> s = ALL.get(name);
    return s == null ? null : s.get();
  }

  public static Set<String> names() {
    return new TreeSet<>(ALL.keySet());
  }
}
