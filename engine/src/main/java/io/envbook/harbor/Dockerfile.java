package io.envbook.harbor;

import io.envbook.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A task's {@code Dockerfile}, read as a list of instructions (continuation lines joined, comments
 * and blank lines dropped), for what the {@code bubblewrap} backend can do of it on this machine
 * ({@link HostImage}) and for the working directory it leaves.
 *
 * <pre>{@code
 * Dockerfile.read(task.dockerfile()).workdir("/app");   // the last WORKDIR
 * }</pre>
 */
record Dockerfile(Path file, List<Instruction> instructions) {
  /** One instruction: its keyword in capitals, its arguments as written, and the line it starts on. */
  record Instruction(String keyword, String arguments, int line) {
    /** The arguments as a list: a JSON array's elements, else the words. */
    List<String> words() {
      String a = arguments.strip();
      if (a.startsWith("[")) {
        try {
          JsonNode array = Json.parse(a);
          List<String> out = new ArrayList<>();
          array.forEach(n -> out.add(n.asString()));
          return out;
        } catch (RuntimeException notJson) {
          // the shell form after all
        }
      }
      return List.of(a.split("\\s+"));
    }

    @Override
    public String toString() {
      return keyword + " " + arguments.strip();
    }
  }

  static Dockerfile read(Path file) throws IOException {
    List<Instruction> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    StringBuilder current = null;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (current == null && (line.isBlank() || line.strip().startsWith("#"))) {
        continue;
      }
      if (current == null) {
        current = new StringBuilder();
        start = i + 1;
      } else if (line.strip().startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      boolean continues = line.stripTrailing().endsWith("\\");
      current.append(continues ? line.stripTrailing().substring(0, line.stripTrailing().length() - 1) : line).append(continues ? " " : "");
      if (!continues) {
        String text = current.toString().strip();
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        out.add(new Instruction(keyword, space < 0 ? "" : text.substring(space + 1), start));
        current = null;
      }
    }
    return new Dockerfile(file, List.copyOf(out));
  }

  /** The working directory the Dockerfile leaves, or {@code fallback} when it sets none. */
  String workdir(String fallback) {
    String wd = null;
    for (Instruction i : instructions) {
      if (i.keyword().equals("WORKDIR")) {
        String dir = i.arguments().strip();
        wd = dir.startsWith("/") || wd == null ? (dir.startsWith("/") ? dir : "/" + dir) : wd + "/" + dir;
      }
    }
    return wd == null ? fallback : Path.of(wd).normalize().toString();
  }
}
