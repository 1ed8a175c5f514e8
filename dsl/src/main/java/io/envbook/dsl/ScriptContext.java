package io.envbook.dsl;

import java.nio.file.Path;

/** Where a script lives: its file name (as frames and messages show it) and the folder its relative paths start from. */
record ScriptContext(String fileName, Path baseDir, Blocks blocks) {
  DslException error(String sentence) {
    return ScriptLines.error(fileName, ScriptLines.current(fileName), sentence);
  }

  DslException error(int line, String sentence) {
    return ScriptLines.error(fileName, line, sentence);
  }

  int line() {
    return ScriptLines.current(fileName);
  }

  Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
  }
}
