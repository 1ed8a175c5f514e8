package io.envbook.kernel;

import io.envbook.kernel.groovy.GroovyEvaluator;
import io.envbook.kernel.jshell.JShellEvaluator;
import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Signer;
import io.envbook.kernel.protocol.WireCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.zeromq.ZContext;

/**
 * The class data archive beside a kernelspec, which every kernel JVM maps at start (start-up about
 * 0.3 s shorter). {@code kernel install} writes it with a training run: a JVM that starts an
 * evaluator, runs its warm-up and the message path's, and writes the classes it loaded at exit.
 * Kernels only read it. (They used to write it themselves at their first exit, with
 * {@code -XX:+AutoCreateSharedArchive}; a JVM recording classes that way crashed at start in 2 of
 * 50 tries, SIGSEGV in {@code LambdaProxyClassDictionary::find_lambda_proxy_class}, Temurin 25.0.3;
 * with the archive there, 0 of 40. The training run is retried when that happens.)
 *
 * <p>The JVM refuses an archive made for another jar, so the file name carries the class path's
 * sizes and times: installing again after a build writes a new one. The JVM checks the archive's
 * checksums as it maps it (13 ms), so a damaged one is refused rather than read. A class path with a
 * folder on it (a development build) gets none: the JVM cannot archive classes from folders.
 *
 * <pre>{@code
 * String name = ClassArchive.name(classPath);       // null: no archive for this class path
 * ClassArchive.write(dir.resolve(name), java, KernelSpecs.JVM_OPTIONS, classPath, "java", System.err);
 * }</pre>
 */
final class ClassArchive {
  static final String PROPERTY = "envbook.kernel.archive";
  private static final int TRIES = 3;
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private ClassArchive() {}

  /** The archive's file name for this class path, or {@code null} when it has a folder on it. */
  static String name(String classPath) throws IOException {
    long stamp = classPath.hashCode();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        return null;
      } else if (Files.exists(p)) {
        stamp = 31 * stamp + Files.size(p) + Files.getLastModifiedTime(p).toMillis();
      }
    }
    return "envbook-" + Long.toHexString(stamp) + ".jsa";
  }

  /** Deletes the archives in {@code dir} other than {@code keep} (null: all of them). */
  static void deleteOthers(Path dir, String keep) throws IOException {
    try (var old = Files.newDirectoryStream(dir, "envbook*.jsa")) {
      for (Path archive : old) {
        if (!archive.getFileName().toString().equals(keep)) {
          Files.deleteIfExists(archive);
        }
      }
    }
  }

  /** The kernel JVM's options for reading the archive named {@code name} beside its kernelspec. */
  static List<String> options(String name) {
    List<String> options = new ArrayList<>(List.of("-XX:SharedArchiveFile={resource_dir}/" + name, "-XX:+VerifySharedSpaces"));
    options.addAll(QUIET);
    options.add("-D" + PROPERTY + "={resource_dir}/" + name);
    return options;
  }

  /**
   * Writes {@code archive} by a training run of a {@code language} kernel's evaluator, retried up to
   * three times; false if no run wrote it (kernels then start without one).
   */
  static boolean write(Path archive, String java, List<String> jvmOptions, String classPath, String language, PrintStream log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(QUIET);
    command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", classPath, KernelMain.class.getName(), "--train",
        "--language", language));
    String why = "";
    for (int i = 0; i < TRIES; i++) {
      Files.deleteIfExists(archive);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        why = "the training run took over 120 s";
      } else if (p.exitValue() == 0 && Files.isRegularFile(archive)) {
        return true;
      } else {
        why = "the training run ended with exit code " + p.exitValue();
      }
    }
    Files.deleteIfExists(archive);
    log.println("envbook: no class archive for the " + language + " kernel (" + why + "); its kernels start about 0.3 s slower");
    return false;
  }

  /** The training run ({@code KernelMain --train --language L}): what a kernel loads in its first second. */
  static void train(String language) throws Exception {
    Evaluator evaluator = language.equals("java") ? new JShellEvaluator() : new GroovyEvaluator();
    evaluator.eval("1 + 1");
    evaluator.complete("Str", 3);
    try (ZContext context = new ZContext()) {
      ProtocolWarmUp.run(context, new WireCodec(new Signer("hmac-sha256", "training")), new Header(), System.err);
    }
  }

  /**
   * Called as a kernel starts: an archive the JVM could not use (a damaged file, or one from another
   * JDK) is deleted, since the JVM neither uses nor replaces it; installing again writes a new one.
   */
  static void dropUnusable() {
    String archive = System.getProperty(PROPERTY);
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
