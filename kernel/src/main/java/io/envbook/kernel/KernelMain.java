package io.envbook.kernel;

import io.envbook.kernel.groovy.GroovyEvaluator;
import io.envbook.kernel.jshell.JShellEvaluator;
import io.envbook.kernel.protocol.ConnectionInfo;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Starts a kernel: {@code KernelMain <connection-file> [--language groovy|java]}. Jupyter runs this
 * through the kernelspecs that {@link KernelSpecs} writes. {@code KernelMain --train --language L} is
 * the training run that writes a kernelspec's class archive ({@link ClassArchive}).
 */
public final class KernelMain {
  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: KernelMain <connection-file> [--language groovy|java]");
      System.exit(2);
    }
    String language = "groovy";
    for (int i = 1; i < args.length - 1; i++) {
      if (args[i].equals("--language")) {
        language = args[i + 1];
      }
    }
    if (args[0].equals("--train")) {
      ClassArchive.train(language);
      System.exit(0);
    }
    ClassArchive.dropUnusable();
    PrintStream log = System.err;
    ParentWatch.start(System.getenv("JPY_PARENT_PID"), () -> System.exit(0), log);
    Evaluator evaluator = switch (language) {
      case "groovy" -> new StartingEvaluator(GroovyEvaluator::new, GroovyEvaluator.info());
      case "java" -> new StartingEvaluator(JShellEvaluator::new, JShellEvaluator.info());
      default -> {
        log.println("unknown kernel language `" + language + "`: use groovy or java");
        System.exit(2);
        yield null;
      }
    };
    new KernelServer(ConnectionInfo.read(Path.of(args[0])), evaluator, log).run();
    System.exit(0);
  }
}
