package io.envbook.cli;

import io.envbook.dsl.DslLoader;
import io.envbook.env.Environment;
import java.nio.file.Path;

/** Loads environments written in the Groovy DSL. */
final class DslScripts {
  private DslScripts() {}

  static Environment load(Path script) {
    return DslLoader.load(script);
  }
}
