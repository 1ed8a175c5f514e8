package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file where a folder should be, or a path through a file, is one sentence naming the path, not the bare path. */
class FileProblemsTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void anOutFolderThatIsAFileIsNamedAsInTheWay() throws Exception {
    Path file = Files.createFile(dir.resolve("results"));

    int code = Main.execute("eval", "../examples/arithmetic", "--out", file.toString());

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains("envbook: " + file + " is in the way: a file is there where a folder or a new file is to go;");
  }

  @Test
  void anOutPathThroughAFileSaysSo() throws Exception {
    Path file = Files.createFile(dir.resolve("results"));

    int code = Main.execute("eval", "../examples/arithmetic", "--out", file.resolve("x").toString());

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains("envbook: " + file.resolve("x") + " goes through a file as if it were a folder: move the file or pass another path");
  }
}
