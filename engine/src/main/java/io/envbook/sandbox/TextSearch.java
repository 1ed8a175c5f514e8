package io.envbook.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The search every backend's {@link Sandbox#search} does, like {@code grep -rn} with a Java regular
 * expression: files are fed in path order, those over {@link #MAX_FILE_BYTES}, those whose name does
 * not match the glob and those that are not UTF-8 text are skipped, and each matching line is kept as
 * {@code path:line: text} until {@link #MAX_MATCHES} are found.
 */
public final class TextSearch {
  public static final int MAX_MATCHES = 200;
  public static final long MAX_FILE_BYTES = 2_000_000;

  private final Pattern pattern;
  private final PathMatcher glob;
  private final List<String> matches = new ArrayList<>();
  private boolean truncated;

  TextSearch(Pattern pattern, String fileGlob) {
    this.pattern = pattern;
    this.glob = fileGlob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + fileGlob);
  }

  /** Whether a file of this name and size is searched at all. */
  boolean wants(String fileName, long size) {
    return size <= MAX_FILE_BYTES && (glob == null || glob.matches(Path.of(fileName)));
  }

  /** Whether the match limit has been reached: feed no more files. */
  boolean full() {
    return truncated;
  }

  /** Searches one file's content, shown as {@code shownPath}. */
  void add(String shownPath, byte[] content) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      return; // binary
    }
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size() && !truncated; i++) {
      if (pattern.matcher(lines.get(i)).find()) {
        if (matches.size() == MAX_MATCHES) {
          truncated = true;
        } else {
          matches.add(shownPath + ":" + (i + 1) + ": " + lines.get(i));
        }
      }
    }
  }

  SearchResult result() {
    return new SearchResult(matches, truncated);
  }

  /** How a file is shown: relative to the working directory when it lies inside it, else absolute. */
  static String shown(String absolute, String workdir) {
    if (absolute.startsWith(workdir + "/")) {
      return absolute.substring(workdir.length() + 1);
    }
    return absolute;
  }
}
