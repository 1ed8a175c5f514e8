package io.envbook.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small file helpers the engine's writers share. */
public final class FilePaths {
  private FilePaths() {}

  /** Creates the folders a file will live in (nothing when it has no parent). Returns the file. */
  public static Path createParents(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return file;
  }
}
