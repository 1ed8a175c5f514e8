package io.envbook.sandbox.kubernetes;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Pods started ahead, so a task that asks nothing special takes a running pod instead of waiting for
 * one. The pool starts filling at the first {@link #take()} (a provider made only to prune starts no
 * pod), and each pod taken is replaced in the background; a pod that fails to start is logged and its
 * place filled again at the next take. {@link #stop()} deletes the pods no task took, and each pod
 * still starting as it comes.
 */
final class WarmPool {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WarmPool.class);

  private final int size;
  private final Supplier<String> starter;
  private final Consumer<String> deleter;
  private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
  private int starting;
  private boolean stopped;

  /**
   * @param starter creates a pod and returns its name once it runs
   * @param deleter deletes a pod by name
   */
  WarmPool(int size, Supplier<String> starter, Consumer<String> deleter) {
    this.size = size;
    this.starter = starter;
    this.deleter = deleter;
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
    while (!stopped && ready.size() + starting < size) {
      starting++;
      Thread.ofVirtual().name("envbook-warm-pod").start(this::startOne);
    }
  }

  private void startOne() {
    String pod = null;
    RuntimeException failure = null;
    try {
      pod = starter.get();
    } catch (RuntimeException e) {
      failure = e;
    }
    boolean keep;
    synchronized (this) {
      starting--;
      keep = !stopped && pod != null;
      if (keep) {
        ready.add(pod);
      } else if (failure != null && !stopped) {
        LOG.warn("a warm pod did not start: {}", failure.getMessage());
      }
      notifyAll();
    }
    if (!keep && pod != null) {
      deleter.accept(pod);
    }
  }

  /** Starts no more pods and deletes the ready ones; a pod still starting is deleted once its start ends. */
  void stop() {
    synchronized (this) {
      stopped = true;
    }
    for (String pod = ready.poll(); pod != null; pod = ready.poll()) {
      deleter.accept(pod);
    }
  }

  /** Waits at most {@code limit} for the pods still starting after {@link #stop()}; whether none is left. */
  synchronized boolean awaitStarts(Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    try {
      for (long left = limit.toMillis(); starting > 0 && left > 0; left = (end - System.nanoTime()) / 1_000_000) {
        wait(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return starting == 0;
  }
}
