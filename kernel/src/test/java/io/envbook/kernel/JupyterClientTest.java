package io.envbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts both kernels as separate processes through real Jupyter clients: Debian's
 * {@code python3-jupyter-kernel-test} (conformance) and {@code python3-jupyter-client} (interrupts,
 * signatures, malformed frames, state, stdin), and the saved notebooks opened in classic Jupyter
 * Notebook in headless Chromium. The Python tests live in {@code src/test/python}.
 */
class JupyterClientTest {
  static final String PYTHON = "/usr/bin/python3";
  @TempDir static Path jupyter;

  @BeforeAll
  static void installKernelspecs() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    KernelSpecs.install(jupyter, java, System.getProperty("java.class.path"));
  }

  private static String runPython(String module) throws Exception {
    return runPython(module, PYTHON, "-m", "unittest", "-v", module);
  }

  private static String runPython(String name, String... command) throws Exception {
    Path log = jupyter.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(Path.of("src", "test", "python").toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("JUPYTER_PATH", jupyter.toString());
    pb.environment().put("JUPYTER_PLATFORM_DIRS", "1");
    Process p = pb.start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("the Python tests timed out:\n" + out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void bothKernelsPassJupyterKernelTest() throws Exception {
    String out = runPython("test_conformance");
    assertThat(out).contains("OK");
  }

  @Test
  void everyNotebookRunsTopToBottomWithoutACellError() throws Exception {
    String out = runPython("notebooks", PYTHON, "run_notebooks.py");
    assertThat(out).contains("01_quick_start.ipynb: ok").contains("06_java_cells.ipynb: ok");
  }

  @Test
  void savedNotebooksShowTheirTablesHistogramsAndTranscriptsInABrowserTrustedOrNot() throws Exception {
    for (String needed : new String[] {"/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/jupyter-notebook"}) {
      assumeTrue(Files.isExecutable(Path.of(needed)), needed + " is not installed (.ci/run installs it)");
    }
    assumeTrue(new ProcessBuilder(PYTHON, "-c", "import selenium").start().waitFor() == 0,
        "python3-selenium is not installed (.ci/run installs it)");
    String out = runPython("test_browser");
    assertThat(out).containsPattern("test_an_untrusted_notebook_shows_rows_bars_and_transcript .*\\.\\.\\. ok")
        .containsPattern("test_a_trusted_notebook_shows_them_too .*\\.\\.\\. ok").contains("Ran 2 tests");
  }

  @Test
  void kernelsSurviveInterruptsBadSignaturesAndMalformedFrames() throws Exception {
    String out = runPython("test_protocol");
    assertThat(out).contains("test_a_thousand_malformed_frames_are_survived").contains("test_a_comm_the_front_end_opens_reaches_its_target_both_ways")
        .contains("test_a_kernel_whose_front_end_is_killed_exits")
        .contains("OK");
  }

}
