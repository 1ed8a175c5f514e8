package io.envbook.tools;

import io.envbook.json.Json;
import io.envbook.sandbox.SandboxViolation;
import io.envbook.sandbox.SearchResult;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.node.ObjectNode;

/** The {@code search_files} tool: a regular expression over the text files of a folder, like grep -rn. */
final class FileSearch {
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
          SearchResult found;
          try {
            found = FileTools.sandbox(ctx).search(pattern, path, glob);
          } catch (SandboxViolation e) {
            throw new ToolException(e.getMessage());
          } catch (NoSuchFileException e) {
            throw new ToolException("Folder not found: " + path);
          } catch (IOException e) {
            throw new ToolException("Could not search " + path + ": " + e.getMessage());
          }
          ObjectNode o = Json.object();
          o.set("matches", Json.toTree(found.matches()));
          return Json.write(o.put("truncated", found.truncated()));
        });
  }
}
