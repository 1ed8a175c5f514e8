package io.envbook.dsl;

import groovy.lang.Closure;
import java.nio.file.Path;

/**
 * Where a script lives: its file name (as frames and messages show it), the folder its relative paths
 * start from, and its source, for the text of its closures.
 */
record ScriptContext(String fileName, Path baseDir, Blocks blocks, ClosureSources sources) {
  ScriptContext(String fileName, Path baseDir, String source) {
    this(fileName, baseDir, new Blocks(), new ClosureSources(fileName, source));
  }

  DslException error(String sentence) {
    return ScriptLines.error(fileName, ScriptLines.current(fileName), sentence);
  }

  DslException error(int line, String sentence) {
    return ScriptLines.error(fileName, line, sentence);
  }

  int line() {
    return ScriptLines.current(fileName);
  }

  /** The source of the closure given to {@code keyword} on {@code line} (see {@link ClosureSources#text}). */
  String closureText(String keyword, int line, Closure<?> closure) {
    return sources.text(keyword, line, null, closure);
  }

  Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
  }
}
