package io.envbook.kernel;

import io.envbook.json.Json;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Replaces {@code System.out} and {@code System.err}: text written by a cell, or by a thread the cell
 * started, goes to that cell as {@code stream} messages, batched (sent at 64 KB, every 50 ms, and
 * when the cell ends) so a cell printing 100,000 lines does not send 100,000 messages. Text written
 * outside any cell goes to the kernel's own stderr. The 50 ms flush is set when text waits, so an
 * idle kernel does not wake 20 times a second.
 */
final class CellOutput {
  private static final int MAX_BATCH = 64 * 1024;
  private final Publisher publisher;
  private final PrintStream realErr;
  private final Map<String, StringBuilder> pending = new LinkedHashMap<>();
  private final Map<String, JsonNode> parents = new LinkedHashMap<>();
  /** A timed flush is set for the text waiting now; guarded by this. */
  private boolean flushSet;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "output-flusher");
    t.setDaemon(true);
    return t;
  });

  CellOutput(Publisher publisher, PrintStream realErr) {
    this.publisher = publisher;
    this.realErr = realErr;
  }

  void install() {
    System.setOut(new PrintStream(new Routed("stdout"), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Routed("stderr"), true, StandardCharsets.UTF_8));
  }

  /** Sends everything buffered for a cell (called before its reply). */
  void flush(JsonNode parent) {
    String id = parent.path("msg_id").asString();
    flushKey(id + "/stdout");
    flushKey(id + "/stderr");
  }

  void flushAll() {
    String[] keys;
    synchronized (this) {
      flushSet = false;
      keys = pending.keySet().toArray(new String[0]);
    }
    for (String k : keys) {
      flushKey(k);
    }
  }

  /**
   * Publishes under the lock (publishing only queues), so text taken by the timer is queued before a
   * cell's own flush returns, and so before the cell's reply.
   */
  private synchronized void flushKey(String key) {
    StringBuilder sb = pending.remove(key);
    JsonNode parent = parents.remove(key);
    if (sb == null || sb.isEmpty()) {
      return;
    }
    String name = key.substring(key.lastIndexOf('/') + 1);
    publisher.publish(parent, "stream", Json.object().put("name", name).put("text", sb.toString()));
  }

  private void write(String name, String text) {
    JsonNode parent = CellContext.parent();
    if (parent == null) {
      realErr.print(text);
      return;
    }
    String key = parent.path("msg_id").asString() + "/" + name;
    boolean full;
    synchronized (this) {
      pending.computeIfAbsent(key, k -> new StringBuilder()).append(text);
      parents.put(key, parent);
      full = pending.get(key).length() >= MAX_BATCH;
      if (!flushSet) {
        flushSet = true;
        timer.schedule(this::flushAll, 50, TimeUnit.MILLISECONDS);
      }
    }
    if (full) {
      flushKey(key);
    }
  }

  /** One of the two streams. */
  private final class Routed extends OutputStream {
    private final String name;

    Routed(String name) {
      this.name = name;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      CellOutput.this.write(name, new String(b, off, len, StandardCharsets.UTF_8));
    }
  }
}
