package io.envbook.rollout;

import io.envbook.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An append-only JSONL file of rollouts: one complete record a line, flushed as each rollout
 * finishes, so a killed run loses at most the rollout being written. The first line may be a header
 * that records what produced the file ({@link Provenance}, marked by its {@code envbook_run} field;
 * files from before it have none). Reading takes the last record of each rollout key and skips a
 * torn last line (a run killed mid-write); opening for append cuts such a torn line off first.
 *
 * <pre>{@code
 * try (RolloutFile out = RolloutFile.openForAppend(Path.of("runs/test.jsonl"), provenance)) {
 *   out.append(rollout);
 * }
 * List<Rollout> all = RolloutFile.read(Path.of("runs/test.jsonl")).rollouts();
 * }</pre>
 */
public final class RolloutFile implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;

  private RolloutFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Opens (creating it and its directories if needed) for appending, after cutting off a torn last line. */
  public static RolloutFile openForAppend(Path path) throws IOException {
    return openForAppend(path, null);
  }

  /**
   * Opens for appending as {@link #openForAppend(Path)} does, and starts an empty file with
   * {@code header} (when not {@code null}). A file that has lines already keeps them as they are.
   */
  public static RolloutFile openForAppend(Path path, Provenance header) throws IOException {
    io.envbook.util.FilePaths.createParents(path);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    cutTornLine(ch);
    boolean empty = ch.size() == 0;
    ch.position(ch.size());
    RolloutFile file = new RolloutFile(path, ch);
    if (empty && header != null) {
      file.writeLine(Json.write(header.toJson()));
    }
    return file;
  }

  /** True for a rollout file's header line (what produced the file), which is no rollout. */
  public static boolean isHeader(JsonNode line) {
    return line.has(Provenance.HEADER_FIELD);
  }

  public Path path() {
    return path;
  }

  /**
   * Writes one rollout as one line, straight to the file. A write that fails (a full disk) is cut off
   * again, so that the file never holds half a line before the next record.
   */
  public synchronized void append(Rollout rollout) {
    writeLine(Json.write(RolloutCodec.toJson(rollout)));
  }

  private synchronized void writeLine(String json) {
    ByteBuffer line = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
    long start = -1;
    try {
      start = channel.position();
      while (line.hasRemaining()) {
        channel.write(line);
      }
    } catch (IOException e) {
      cutBackTo(start);
      throw new UncheckedIOException("could not write to " + path + ": " + e.getMessage(), e);
    }
  }

  private void cutBackTo(long position) {
    if (position < 0) {
      return;
    }
    try {
      channel.truncate(position);
      channel.position(position);
    } catch (IOException ignored) {
      // nothing more can be done for this file; the next read skips a torn line
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /**
   * The rollouts in a file, the last record of each key winning, and its header; torn or unreadable
   * lines are counted, not fatal.
   */
  public static Contents read(Path path) throws IOException {
    Map<RolloutKey, Rollout> byKey = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Provenance header = null;
    if (!Files.exists(path)) {
      return new Contents(List.of(), problems, null);
    }
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode record = Json.parse(line);
        if (isHeader(record)) {
          if (header == null) {
            header = Provenance.fromJson(record);
          } else {
            problems.add(path.getFileName() + " line " + (i + 1) + ": a second header (files joined together?); the first counts");
          }
          continue;
        }
        Rollout r = RolloutCodec.fromJson(record);
        byKey.remove(r.key());
        byKey.put(r.key(), r);
      } catch (RuntimeException e) {
        problems.add(path.getFileName() + " line " + (i + 1) + ": " + firstLine(e.getMessage()));
      }
    }
    return new Contents(List.copyOf(byKey.values()), problems, header);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void cutTornLine(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0) {
      return;
    }
    ByteBuffer one = ByteBuffer.allocate(1);
    ch.read(one, size - 1);
    if (one.get(0) == '\n') {
      return;
    }
    long pos = size - 1;
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (pos > 0) {
      long start = Math.max(0, pos - buf.capacity());
      buf.clear().limit((int) (pos - start));
      ch.read(buf, start);
      for (int i = buf.position() - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          ch.truncate(start + i + 1);
          return;
        }
      }
      pos = start;
    }
    ch.truncate(0);
  }

  /**
   * What a rollout file holds: rollouts (last per key), the lines that could not be read, and what
   * produced it ({@code null} for a file written before envbook recorded that).
   */
  public record Contents(List<Rollout> rollouts, List<String> problems, Provenance provenance) {}
}
