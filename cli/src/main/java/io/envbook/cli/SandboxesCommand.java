package io.envbook.cli;

import io.envbook.sandbox.SandboxProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code envbook sandboxes prune}: removes the sandboxes that runs killed before their clean-up left behind. */
@Command(name = "sandboxes", mixinStandardHelpOptions = true, description = "Look after the sandboxes of a backend.",
    subcommands = SandboxesCommand.Prune.class)
final class SandboxesCommand {

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Remove every sandbox envbook made on a backend (containers, pods), those of runs still going too.")
  static final class Prune implements Callable<Integer> {
    @Option(names = "--backend", required = true, paramLabel = "BACKEND", completionCandidates = Sandboxes.Names.class,
        description = "The backend: ${COMPLETION-CANDIDATES}.")
    String backend;

    @Option(names = "--sandbox-option", paramLabel = "KEY=VALUE",
        description = "A setting of the backend, e.g. --sandbox-option namespace=rollouts for kubernetes (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() {
      try (SandboxProvider provider = Sandboxes.create(backend, options)) {
        int removed = provider.prune();
        System.out.println("removed " + removed + (removed == 1 ? " sandbox" : " sandboxes") + " from the " + backend + " backend");
      }
      return 0;
    }
  }
}
