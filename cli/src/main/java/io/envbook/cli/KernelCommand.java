package io.envbook.cli;

import io.envbook.kernel.KernelMain;
import io.envbook.kernel.KernelSpecs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envbook kernel install|start}: the Jupyter kernels. */
@Command(name = "kernel", mixinStandardHelpOptions = true, description = "Install or start the envbook Jupyter kernels.",
    subcommands = {KernelCommand.Install.class, KernelCommand.Start.class})
final class KernelCommand {

  /** Writes the kernelspecs. */
  @Command(name = "install", mixinStandardHelpOptions = true,
      description = "Write the envbook-groovy and envbook-java kernelspecs (default: for this user).")
  static final class Install implements Callable<Integer> {
    @Option(names = "--user", description = "Install for this user, in ~/.local/share/jupyter (the default).")
    boolean user;

    @Option(names = "--prefix", paramLabel = "P", description = "Install under P/share/jupyter (e.g. a virtualenv or /usr/local).")
    Path prefix;

    @Override
    public Integer call() throws Exception {
      Path dataDir = prefix != null ? prefix.resolve("share").resolve("jupyter")
          : Path.of(System.getProperty("user.home"), ".local", "share", "jupyter");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classPath = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      for (Path dir : KernelSpecs.install(dataDir, java, classPath)) {
        System.out.println("installed kernelspec " + dir);
      }
      return 0;
    }
  }

  /** Runs a kernel on a connection file (what the kernelspec does). */
  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a kernel on a Jupyter connection file.")
  static final class Start implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONNECTION_FILE")
    Path connectionFile;

    @Option(names = "--language", defaultValue = "groovy", description = "groovy or java (default: ${DEFAULT-VALUE}).")
    String language;

    @Override
    public Integer call() throws Exception {
      KernelMain.main(new String[] {connectionFile.toString(), "--language", language});
      return 0;
    }
  }
}
