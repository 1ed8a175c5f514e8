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
 * directory ({@code <dir>/kernels/<name>/kernel.json}). Both start {@link KernelMain} with the given
 * Java and class path, in message interrupt mode.
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

  private static final String ARCHIVE_PROPERTY = "envbook.kernel.archive";

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
    for (String opt : archiveOptions(dir, classPath)) {
      argv.add(opt);
    }
    argv.add("-cp").add(classPath).add(KernelMain.class.getName()).add("{connection_file}").add("--language").add(language);
    spec.put("display_name", display);
    spec.put("language", language);
    spec.put("interrupt_mode", "message");
    spec.putObject("metadata").put("debugger", false);
    spec.put("kernel_protocol_version", io.envbook.kernel.protocol.Header.PROTOCOL_VERSION);
    Files.writeString(dir.resolve("kernel.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
    return dir;
  }

  /**
   * Options for a class data archive beside the kernelspec, written when the first kernel exits and
   * used by every later start (start-up 1.44 s to 1.14 s). The JVM does not rewrite an archive whose
   * jar has changed, so its name carries the class path's sizes and times: installing again after a
   * build starts a new one. Where the folder is read-only the kernel runs without it. A class path
   * with a folder on it (a development build) gets none: the JVM cannot archive classes from folders
   * and would only try, and say it failed, at every kernel's exit. The JVM checks the archive's
   * checksums as it maps it (13 ms of start-up), so a damaged archive, such as one cut short by a
   * kernel killed while writing it, is refused rather than read. (Two of about 300 kernel starts in
   * benchmark runs crashed reading lambda classes from their archive, SIGSEGV in
   * {@code LambdaProxyClassDictionary::find_lambda_proxy_class}; the cause is not known.)
   */
  private static List<String> archiveOptions(Path dir, String classPath) throws IOException {
    long stamp = classPath.hashCode();
    boolean archivable = true;
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        archivable = false;
      } else if (Files.exists(p)) {
        stamp = 31 * stamp + Files.size(p) + Files.getLastModifiedTime(p).toMillis();
      }
    }
    String name = archivable ? "envbook-" + Long.toHexString(stamp) + ".jsa" : "";
    try (var old = Files.newDirectoryStream(dir, "envbook*.jsa")) {
      for (Path archive : old) {
        if (!archive.getFileName().toString().equals(name)) {
          Files.deleteIfExists(archive);
        }
      }
    }
    if (!archivable) {
      return List.of();
    }
    return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile={resource_dir}/" + name, "-XX:+VerifySharedSpaces",
        "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off", "-D" + ARCHIVE_PROPERTY + "={resource_dir}/" + name);
  }

  /**
   * Called as a kernel starts: an archive the JVM could not use (a damaged file, or one from another
   * JDK) is deleted, since the JVM neither uses nor rewrites it; the next kernel's exit writes a new one.
   */
  static void dropUnusableArchive() {
    String archive = System.getProperty(ARCHIVE_PROPERTY);
    if (archive == null || archive.contains("{") || String.valueOf(System.getProperty("java.vm.info")).contains("sharing")) {
      return;
    }
    try {
      Files.deleteIfExists(Path.of(archive));
    } catch (IOException | RuntimeException e) {
      // a read-only kernelspec folder: the kernel runs without an archive, as before
    }
  }
}
