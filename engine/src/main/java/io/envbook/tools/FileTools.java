package io.envbook.tools;

import io.envbook.json.Json;
import io.envbook.sandbox.Sandbox;
import io.envbook.sandbox.SandboxFile;
import io.envbook.sandbox.SandboxViolation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code file} toolset: {@code read_file}, {@code write_file}, {@code patch}, {@code search_files}
 * and {@code list_directory}, on whichever sandbox backend the rollout has. Paths are sandbox paths,
 * relative to its working directory ({@code ~/} means it too); a path beyond the backend's boundary
 * is refused.
 */
public final class FileTools {
  private FileTools() {}

  public static List<Tool> all() {
    return List.of(readFile(), writeFile(), patch(), FileSearch.tool(), listDirectory());
  }

  static Tool readFile() {
    return Tool.of(Schemas.of("read_file", "Read a text file. Returns its content and line count; offset and limit select lines.",
            p -> p.string("path", "The file to read.", true)
                .integer("offset", "First line to return, counting from 1 (optional).", false)
                .integer("limit", "Most lines to return (optional).", false)),
        (args, ctx) -> {
          String path = Args.string(args, "path");
          String text = read(ctx, path);
          List<String> lines = text.lines().toList();
          int offset = Math.max(1, Args.integer(args, "offset", 1));
          int limit = Args.integer(args, "limit", Integer.MAX_VALUE);
          ObjectNode o = Json.object();
          if (offset == 1 && limit >= lines.size()) {
            o.put("content", text);
          } else {
            int from = Math.min(lines.size(), offset - 1);
            int to = (int) Math.min(lines.size(), (long) from + Math.max(0, limit));
            o.put("content", String.join("\n", lines.subList(from, to)));
          }
          return Json.write(o.put("total_lines", lines.size()));
        });
  }

  static Tool writeFile() {
    return Tool.of(Schemas.of("write_file", "Write a text file, replacing it if it exists and creating parent folders.",
            p -> p.string("path", "The file to write.", true).string("content", "The whole new content.", true)),
        (args, ctx) -> {
          String path = Args.string(args, "path");
          String content = Args.string(args, "content");
          try {
            sandbox(ctx).writeFile(path, content);
          } catch (SandboxViolation e) {
            throw new ToolException(e.getMessage());
          } catch (IOException e) {
            throw new ToolException("Could not write " + path + ": " + e.getMessage());
          }
          return Json.write(Json.object().put("path", path).put("bytes_written", content.getBytes(StandardCharsets.UTF_8).length));
        });
  }

  static Tool patch() {
    return Tool.of(Schemas.of("patch", "Replace text in a file: old_string must occur exactly once unless replace_all is true.",
            p -> p.string("path", "The file to change.", true)
                .string("old_string", "The exact text to replace.", true)
                .string("new_string", "The replacement text.", true)
                .bool("replace_all", "Replace every occurrence (optional).", false)),
        (args, ctx) -> {
          String path = Args.string(args, "path");
          String oldText = Args.string(args, "old_string");
          String newText = Args.string(args, "new_string");
          if (oldText.isEmpty()) {
            throw new ToolException("old_string is empty: give the exact text to replace");
          }
          String text = read(ctx, path);
          int count = occurrences(text, oldText);
          if (count == 0) {
            throw new ToolException("old_string was not found in " + path);
          }
          boolean all = Args.bool(args, "replace_all");
          if (count > 1 && !all) {
            throw new ToolException("old_string occurs " + count + " times in " + path
                + ": add surrounding text to make it unique, or set replace_all");
          }
          String changed = all ? text.replace(oldText, newText) : text.replaceFirst(java.util.regex.Pattern.quote(oldText),
              java.util.regex.Matcher.quoteReplacement(newText));
          try {
            sandbox(ctx).writeFile(path, changed);
          } catch (IOException e) {
            throw new ToolException("Could not write " + path + ": " + e.getMessage());
          }
          return Json.write(Json.object().put("path", path).put("replacements", all ? count : 1));
        });
  }

  static Tool listDirectory() {
    return Tool.of(Schemas.of("list_directory", "List a folder's entries with their type and size, sorted by name.",
            p -> p.string("path", "The folder to list (default: the task directory).", false)),
        (args, ctx) -> {
          String path = Args.string(args, "path", ".");
          List<SandboxFile> listed;
          try {
            listed = sandbox(ctx).list(path);
          } catch (SandboxViolation e) {
            throw new ToolException(e.getMessage());
          } catch (NoSuchFileException e) {
            throw new ToolException("Folder not found: " + path);
          } catch (NotDirectoryException e) {
            throw new ToolException(path + " is a file, not a folder");
          } catch (IOException e) {
            throw new ToolException("Could not list " + path + ": " + e.getMessage());
          }
          var entries = Json.array();
          for (SandboxFile f : listed) {
            entries.addObject().put("name", f.name()).put("type", f.directory() ? "directory" : "file").put("size", f.size());
          }
          ObjectNode o = Json.object().put("path", path);
          o.set("entries", entries);
          return Json.write(o);
        });
  }

  static Sandbox sandbox(ToolCallContext ctx) throws ToolException {
    if (ctx.sandbox() == null) {
      throw new ToolException("File tools are not available: this rollout has no sandbox");
    }
    return ctx.sandbox();
  }

  private static String read(ToolCallContext ctx, String path) throws ToolException {
    try {
      return sandbox(ctx).readFile(path);
    } catch (SandboxViolation e) {
      throw new ToolException(e.getMessage());
    } catch (NoSuchFileException e) {
      throw new ToolException("File not found: " + path);
    } catch (IOException e) {
      throw new ToolException("Could not read " + path + ": " + e.getMessage());
    }
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

}
