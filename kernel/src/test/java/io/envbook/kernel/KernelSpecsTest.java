package io.envbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernelspecs: JVM options, and a class data archive written at install that a rebuilt jar does not leave stale. */
class KernelSpecsTest {
  @TempDir Path dir;

  @Test
  void aRebuiltJarGetsANewArchiveAndTheOldOneIsRemoved() throws Exception {
    Path jar = Files.writeString(dir.resolve("envbook.jar"), "first build");
    Path jupyter = dir.resolve("jupyter");
    KernelSpecs.install(jupyter, "java", jar.toString());
    Path spec = jupyter.resolve("kernels/envbook-java");
    String first = archiveOf(spec);
    Files.writeString(spec.resolve(first), "archive the first kernel wrote at exit");

    Files.writeString(jar, "second build, longer");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
    KernelSpecs.install(jupyter, "java", jar.toString());

    String second = archiveOf(spec);
    assertThat(second).isNotEqualTo(first).startsWith("envbook-").endsWith(".jsa");
    assertThat(spec.resolve(first)).doesNotExist();
    assertThat(argv(spec)).contains("-XX:+VerifySharedSpaces", "-XX:CompileThresholdScaling=0.1",
        "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED").doesNotContain("-XX:+AutoCreateSharedArchive");
  }

  @Test
  void installingFromJarsWritesEachKernelsArchiveByATrainingRun() throws Exception {
    List<String> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      jars.add(Files.isDirectory(p) ? jar(p, dir.resolve(jars.size() + ".jar")).toString() : entry);
    }
    Path jupyter = dir.resolve("jupyter");
    KernelSpecs.install(jupyter, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        String.join(java.io.File.pathSeparator, jars));

    for (String kernel : List.of("envbook-groovy", "envbook-java")) {
      Path spec = jupyter.resolve("kernels").resolve(kernel);
      assertThat(Files.size(spec.resolve(archiveOf(spec)))).as(kernel).isGreaterThan(1_000_000);
    }
  }

  /** The classes under {@code folder} in a jar. */
  private static Path jar(Path folder, Path jar) throws Exception {
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(folder)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new java.util.jar.JarEntry(folder.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void aClassPathWithAFolderGetsNoArchive() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path jupyter = dir.resolve("jupyter");
    KernelSpecs.install(jupyter, "java", classes + java.io.File.pathSeparator + Files.writeString(dir.resolve("a.jar"), "jar"));

    assertThat(argv(jupyter.resolve("kernels/envbook-groovy"))).noneMatch(a -> a.contains("SharedArchive"))
        .contains("-XX:CompileThresholdScaling=0.1");
  }

  /** Starts as a kernel JVM starts: drops the archive the JVM could not use. */
  public static void main(String[] args) {
    ClassArchive.dropUnusable();
  }

  @Test
  void aDamagedArchiveIsDeletedAsAKernelStarts() throws Exception {
    Path archive = Files.write(dir.resolve("envbook-1.jsa"), new byte[4096]);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
        "-Denvbook.kernel.archive=" + archive, "-cp", System.getProperty("java.class.path"), KernelSpecsTest.class.getName())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();

    assertThat(p.waitFor()).isZero();
    assertThat(archive).doesNotExist();
  }

  private static String archiveOf(Path spec) throws Exception {
    String option = argv(spec).stream().filter(a -> a.startsWith("-XX:SharedArchiveFile=")).findFirst().orElseThrow();
    assertThat(option).startsWith("-XX:SharedArchiveFile={resource_dir}/");
    return option.substring(option.lastIndexOf('/') + 1);
  }

  private static List<String> argv(Path spec) throws Exception {
    List<String> argv = new ArrayList<>();
    Json.MAPPER.readTree(Files.readString(spec.resolve("kernel.json"))).get("argv").forEach(a -> argv.add(a.asString()));
    return argv;
  }
}
