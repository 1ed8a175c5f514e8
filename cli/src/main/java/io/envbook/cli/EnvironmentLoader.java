package io.envbook.cli;

import io.envbook.env.Environment;
import io.envbook.envs.BuiltInEnvironments;
import io.envbook.envs.EnvSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the environment a command names: a built-in name, a DSL script or a folder holding one, or a
 * Java class that implements {@link Environment} and has a public no-argument constructor.
 */
final class EnvironmentLoader {
  private EnvironmentLoader() {}

  static Environment load(String spec) throws IOException {
    return load(spec, Map.of());
  }

  /** As {@link #load(String)}; {@code settings} go to a built-in environment (others take none). */
  static Environment load(String spec, Map<String, String> settings) throws IOException {
    Environment builtIn;
    try {
      builtIn = BuiltInEnvironments.create(spec, EnvSettings.of(settings));
    } catch (EnvSettings.SettingError e) {
      throw new UsageException(e.getMessage());
    }
    if (builtIn != null) {
      return builtIn;
    }
    if (!settings.isEmpty()) {
      throw new UsageException("--set applies to the built-in environments (" + String.join(", ", BuiltInEnvironments.names())
          + "); " + spec + " declares its settings in its own script or class");
    }
    Path path = Path.of(spec);
    if (Files.isDirectory(path)) {
      return DslScripts.load(scriptIn(path));
    }
    if (spec.endsWith(".groovy")) {
      if (!Files.exists(path)) {
        throw new UsageException("script " + spec + " does not exist");
      }
      return DslScripts.load(path);
    }
    if (spec.matches("[\\w$]+(\\.[\\w$]+)+")) {
      return fromClass(spec);
    }
    String hint = io.envbook.util.Suggest.didYouMean(spec, BuiltInEnvironments.names());
    throw new UsageException("no environment `" + spec + "`:" + (hint.isEmpty() ? " give" : hint + " Give")
        + " a .groovy script, a folder holding one, a class name, or a built-in (" + String.join(", ", BuiltInEnvironments.names()) + ")");
  }

  static Path scriptIn(Path dir) throws IOException {
    Path named = dir.resolve(dir.getFileName() + ".groovy");
    if (Files.exists(named)) {
      return named;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> scripts = files.filter(p -> p.toString().endsWith(".groovy")).sorted().toList();
      if (scripts.size() == 1) {
        return scripts.get(0);
      }
      throw new UsageException(scripts.isEmpty()
          ? "folder " + dir + " holds no .groovy script"
          : "folder " + dir + " holds several scripts (" + scripts.stream().map(p -> p.getFileName().toString()).toList() + "): name one");
    }
  }

  private static Environment fromClass(String name) {
    try {
      Class<?> c = Class.forName(name);
      if (!Environment.class.isAssignableFrom(c)) {
        throw new UsageException("class " + name + " does not implement io.envbook.env.Environment");
      }
      return (Environment) c.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new UsageException("no environment `" + name + "`: no such class on the classpath, and no built-in of that name ("
          + String.join(", ", BuiltInEnvironments.names()) + ")");
    } catch (ReflectiveOperationException e) {
      throw new UsageException("class " + name + " cannot be created: it needs a public constructor without arguments");
    }
  }
}
