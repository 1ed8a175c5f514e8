package io.envbook.tools;

import io.envbook.json.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code search_files} tool: a regular expression over the text files of a folder, like grep -rn. */
final class FileSearch {
  static final int MAX_MATCHES = 200;
  private static final long MAX_FILE_BYTES = 2_000_000;

  private FileSearch() {}

  static Tool tool() {
    return Tool.of(Schemas.of("search_files", "Search text files for a regular expression; returns path:line: text matches.",
            p -> p.string("pattern", "A Java regular expression.", true)
                .string("path", "The folder to search (default: the task directory).", false)
                .string("file_glob", "Only files whose name matches this glob, e.g. *.py (optional).", false)),
        (args, ctx) -> {
          String patternText = Args.string(args, "pattern");
          String path = Args.string(args, "path", ".");
          String glob = Args.string(args, "file_glob", null);
          Pattern pattern;
          try {
            pattern = Pattern.compile(patternText);
          } catch (PatternSyntaxException e) {
            throw new ToolException("Invalid pattern: " + e.getDescription());
          }
          Path base = FileTools.resolve(ctx, path);
          if (!Files.exists(base)) {
            throw new ToolException("Folder not found: " + path);
          }
          Path root = FileTools.sandbox(ctx).root();
          PathMatcher matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
          ArrayNode matches = Json.array();
          boolean truncated = false;
          try (Stream<Path> files = Files.walk(base)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
              if (matcher != null && !matcher.matches(f.getFileName())) {
                continue;
              }
              if (search(f, root, pattern, matches)) {
                truncated = true;
                break;
              }
            }
          } catch (IOException e) {
            throw new ToolException("Could not search " + path + ": " + e.getMessage());
          }
          ObjectNode o = Json.object();
          o.set("matches", matches);
          return Json.write(o.put("truncated", truncated));
        });
  }

  /** Adds the matches of one file; returns true when the match limit was reached. */
  private static boolean search(Path file, Path root, Pattern pattern, ArrayNode matches) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      return false;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      return false; // binary
    }
    String rel = root.relativize(file).toString();
    for (int i = 0; i < lines.size(); i++) {
      if (pattern.matcher(lines.get(i)).find()) {
        if (matches.size() == MAX_MATCHES) {
          return true;
        }
        matches.add(rel + ":" + (i + 1) + ": " + lines.get(i));
      }
    }
    return false;
  }
}
