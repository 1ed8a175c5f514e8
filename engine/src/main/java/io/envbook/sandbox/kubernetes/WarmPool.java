package io.envbook.sandbox.kubernetes;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Pods started ahead, so a task that asks nothing special takes a running pod instead of waiting for
 * one. Each pod taken is replaced in the background; a pod that fails to start is logged and its place
 * filled again at the next take. Closing deletes the pods no task took.
 */
final class WarmPool implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WarmPool.class);

  private final int size;
  private final Supplier<String> starter;
  private final Consumer<String> deleter;
  private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
  private int starting;
  private boolean closed;

  /**
   * @param starter creates a pod and returns its name once it runs
   * @param deleter deletes a pod by name
   */
  WarmPool(int size, Supplier<String> starter, Consumer<String> deleter) {
    this.size = size;
    this.starter = starter;
    this.deleter = deleter;
    fill();
  }

  /** A running pod, or {@code null} when none is ready yet; its replacement starts at once. */
  String take() {
    String pod = ready.poll();
    fill();
    return pod;
  }

  /** How many pods wait to be taken. */
  int ready() {
    return ready.size();
  }

  private synchronized void fill() {
    while (!closed && ready.size() + starting < size) {
      starting++;
      Thread.ofVirtual().name("envbook-warm-pod").start(this::startOne);
    }
  }

  private void startOne() {
    String pod = null;
    try {
      pod = starter.get();
    } catch (RuntimeException e) {
      LOG.warn("a warm pod did not start: {}", e.getMessage());
    }
    boolean keep;
    synchronized (this) {
      starting--;
      keep = !closed && pod != null;
      if (keep) {
        ready.add(pod);
      }
    }
    if (!keep && pod != null) {
      deleter.accept(pod);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    for (String pod = ready.poll(); pod != null; pod = ready.poll()) {
      deleter.accept(pod);
    }
  }
}
