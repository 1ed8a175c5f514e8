package io.envbook.kernel;

import io.envbook.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the two kernelspecs, {@code envbook-groovy} and {@code envbook-java}, into a Jupyter data
 * directory ({@code <dir>/kernels/<name>/kernel.json}), each with its class data archive
 * ({@link ClassArchive}). Both start {@link KernelMain} with the given Java and class path, in
 * message interrupt mode.
 *
 * <pre>{@code
 * KernelSpecs.install(Path.of(System.getProperty("user.home"), ".local/share/jupyter"), javaBin, classPath);
 * }</pre>
 */
public final class KernelSpecs {
  private KernelSpecs() {}

  /**
   * The kernel JVM's options: a small JVM that is quickly warm (C1 only, compiling a method after a
   * tenth of the usual calls: a new Java cell went from 3.3 ms to 1.2 ms after 200 cells), and
   * javac's internals opened so Java cells can reuse one compiler context (see {@code CellCompiler}),
   * and JShell's so its class index waits for the first completion (see {@code DeferredClassIndex}).
   * The heap starts at 64 MB instead of the JVM's 1/64 of the machine's memory (384 MB on 24 GB), all
   * of which the first cells would touch: 90 MB less resident memory after 70 cells, in either kernel;
   * it grows as a run needs. No full collection in the first cells: the JVM otherwise stops for one
   * (33-45 ms, in 10 of 12 fresh kernels) when the compiled code has grown by 0.5% of the code cache
   * since the last unloading ({@code SweeperThreshold}, here 20%) or class metadata first passes
   * 21 MB ({@code MetaspaceSize}, here 64 MB); both still unload when the space runs short. The heap
   * shrinks in one full collection rather than in steps, for {@code ReturnedHeap}.
   */
  static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1",
      "-Xms64m", "-XX:SweeperThreshold=20", "-XX:MetaspaceSize=64m", "-XX:-ShrinkHeapInSteps",
      "-Xshare:auto",
      "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
      "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED");

  /** Installs both kernelspecs under {@code jupyterDataDir} and returns their folders. */
  public static List<Path> install(Path jupyterDataDir, String java, String classPath) throws IOException {
    List<Path> written = new ArrayList<>();
    written.add(write(jupyterDataDir, "envbook-groovy", "envbook (Groovy)", "groovy", java, classPath));
    written.add(write(jupyterDataDir, "envbook-java", "envbook (Java)", "java", java, classPath));
    return written;
  }

  private static Path write(Path dataDir, String name, String display, String language, String java, String classPath)
      throws IOException {
    Path dir = dataDir.resolve("kernels").resolve(name);
    Files.createDirectories(dir);
    ObjectNode spec = Json.object();
    ArrayNode argv = spec.putArray("argv");
    argv.add(java);
    for (String opt : JVM_OPTIONS) {
      argv.add(opt);
    }
    String archive = ClassArchive.name(classPath);
    ClassArchive.deleteOthers(dir, archive);
    if (archive != null) {
      ClassArchive.options(archive).forEach(argv::add);
    }
    argv.add("-cp").add(classPath).add(KernelMain.class.getName()).add("{connection_file}").add("--language").add(language);
    spec.put("display_name", display);
    spec.put("language", language);
    spec.put("interrupt_mode", "message");
    spec.putObject("metadata").put("debugger", false);
    spec.put("kernel_protocol_version", io.envbook.kernel.protocol.Header.PROTOCOL_VERSION);
    Files.writeString(dir.resolve("kernel.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
    if (archive != null && !Files.isRegularFile(dir.resolve(archive))) {
      try {
        ClassArchive.write(dir.resolve(archive), java, JVM_OPTIONS, classPath, language, System.err);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return dir;
  }
}
