package io.envbook.atropos;

import io.envbook.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scored groups that did not reach the trainer, kept so that none is lost: the ones the API
 * refused (a 4xx: sending again would get the same answer) and the ones still unposted when
 * {@code serve} stopped. One JSON line each, {@code {"reason", "at", "group"}}, appended and flushed
 * at once; the file is created with the first one.
 */
final class UnsentGroups implements AutoCloseable {
  private final Path file;
  private BufferedWriter out;
  private int count;

  UnsentGroups(Path file) {
    this.file = file;
  }

  synchronized void add(ObjectNode group, String reason) {
    ObjectNode line = Json.object().put("reason", reason).put("at", Instant.now().toString());
    line.set("group", group);
    try {
      if (out == null) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      out.write(Json.write(line));
      out.newLine();
      out.flush();
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep an unsent group in " + file + ": " + e.getMessage(), e);
    }
  }

  synchronized int count() {
    return count;
  }

  Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
