package io.envbook.cli;

import io.envbook.dsl.DslLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code envbook check}: validates an environment script without running a rollout. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check an environment script: compile it, read its dataset, render the first prompt. Runs no rollout.")
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCRIPT", description = "A .groovy script, or a folder holding one.")
  Path script;

  @Override
  public Integer call() throws Exception {
    Path file = Files.isDirectory(script) ? EnvironmentLoader.scriptIn(script) : script;
    System.out.println(DslLoader.check(file));
    System.out.println("ok: " + file);
    return 0;
  }
}
