package io.envbook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code envbook} command line.
 *
 * <pre>
 * envbook run terminal-test --model scripted -n 3 --out runs/terminal-test.jsonl
 * </pre>
 */
@Command(
    name = "envbook",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Agentic LLM environments: run rollouts, benchmarks and notebooks on the JVM.",
    subcommands = {RunCommand.class, EvalCommand.class, ProcessCommand.class, ServeCommand.class, EnvServerCommand.class, ExportCommand.class, CheckCommand.class, RescoreCommand.class, MergeCommand.class, KernelCommand.class,
        SandboxesCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 usage mistake, 130 interrupted). */
  public static int execute(String... args) {
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      // the logger (Jetty's, see jetty-logging.properties) reads its levels once, when the first logger is made
      System.setProperty("io.envbook.LEVEL", "DEBUG");
    }
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true); // --eval-handling stop_train as well as STOP_TRAIN
    cli.setExecutionExceptionHandler(new UserErrors());
    cli.setParameterExceptionHandler(new UserErrors());
    return cli.execute(args);
  }
}
