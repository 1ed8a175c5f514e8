package io.envbook.cli;

import io.envbook.env.Environment;
import java.nio.file.Path;

/** Loads environments written in the Groovy DSL. */
final class DslScripts {
  private DslScripts() {}

  static Environment load(Path script) {
    throw new UsageException("DSL scripts arrive with the DSL slice; run a built-in environment for now: " + script);
  }
}
