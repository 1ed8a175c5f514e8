package io.envbook.envs;

import io.envbook.env.Environment;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The environments shipped with envbook, by name: Hermes' {@code terminal-test},
 * {@code terminal-bench-2}, {@code openthoughts-tblite}, {@code yc-bench} and {@code hermes-swe}.
 * Each takes its own {@link EnvSettings}.
 *
 * <pre>{@code
 * Environment tb = BuiltInEnvironments.create("terminal-bench-2",
 *     EnvSettings.of(Map.of("dataset", "examples/harbor")));
 * }</pre>
 */
public final class BuiltInEnvironments {
  private static final Map<String, Function<EnvSettings, Environment>> ALL = Map.of(
      TerminalTestEnv.NAME, s -> {
        s.checkKnown(TerminalTestEnv.NAME, Set.of());
        return new TerminalTestEnv();
      },
      TerminalBench2Env.NAME, TerminalBench2Env::new,
      TBLiteEnv.NAME, TBLiteEnv::new,
      YcBenchEnv.NAME, YcBenchEnv::new,
      SweEnv.NAME, SweEnv::new);

  private BuiltInEnvironments() {}

  /** A new instance of the named environment, or {@code null} when there is none by that name. */
  public static Environment create(String name) {
    return create(name, EnvSettings.NONE);
  }

  /**
   * A new instance of the named environment with settings, or {@code null} when there is none by that
   * name. An unknown or malformed setting throws {@link EnvSettings.SettingError}.
   */
  public static Environment create(String name, EnvSettings settings) {
    Function<EnvSettings, Environment> f = ALL.get(name);
    return f == null ? null : f.apply(settings);
  }

  public static Set<String> names() {
    return new TreeSet<>(ALL.keySet());
  }
}
