package io.envbook.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The file side of a backend, by sandbox path: what {@link BaseSandbox} hands the file methods of {@link Sandbox} to. */
interface SandboxFiles {
  byte[] read(String path) throws IOException;

  void write(String path, byte[] content) throws IOException;

  List<SandboxFile> list(String path) throws IOException;

  SearchResult search(Pattern pattern, String path, String fileGlob) throws IOException;

  void upload(Path local, String path) throws IOException;

  void download(String path, Path local) throws IOException;
}
