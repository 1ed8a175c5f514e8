package io.envbook.model.openai;

import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Routes calls across model servers: each server takes at most {@code maxConcurrent} calls at once,
 * and a call goes to the server with the most free slots (ties in turn), skipping one server (the one
 * that just failed) when another exists. When every server is full, callers wait for a slot, until
 * their deadline if they have one.
 */
final class ServerPool {
  private final List<String> urls;
  private final int[] inFlight;
  private final int maxConcurrent;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private int nextTie;

  ServerPool(List<String> urls, int maxConcurrent) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no model server given: add at least one base URL");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("max concurrent requests per server must be at least 1, got " + maxConcurrent);
    }
    this.urls = List.copyOf(urls);
    this.inFlight = new int[urls.size()];
    this.maxConcurrent = maxConcurrent;
  }

  int size() {
    return urls.size();
  }

  int maxConcurrent() {
    return maxConcurrent;
  }

  String url(int server) {
    return urls.get(server);
  }

  /** Takes a slot on the least busy server other than {@code avoid} (-1 for none) and returns its index. */
  int acquire(int avoid) throws InterruptedException {
    return acquire(avoid, null);
  }

  /**
   * As {@link #acquire(int)}, waiting for a slot no later than {@code deadline} ({@code null}: as long
   * as it takes); -1 when the deadline passed with every server still full.
   */
  int acquire(int avoid, java.time.Instant deadline) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        int best = pick(avoid);
        if (best < 0 && avoid >= 0) {
          best = pick(-1);
        }
        if (best >= 0) {
          inFlight[best]++;
          return best;
        }
        if (deadline == null) {
          freed.await();
        } else {
          long left = java.time.Duration.between(java.time.Instant.now(), deadline).toNanos();
          if (left <= 0) {
            return -1;
          }
          freed.awaitNanos(left);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private int pick(int avoid) {
    int best = -1;
    int bestFree = 0;
    int n = urls.size();
    for (int k = 0; k < n; k++) {
      int i = (nextTie + k) % n;
      int free = maxConcurrent - inFlight[i];
      if (i != avoid && free > bestFree) {
        best = i;
        bestFree = free;
      }
    }
    if (best >= 0) {
      nextTie = (best + 1) % n;
    }
    return best;
  }

  void release(int server) {
    lock.lock();
    try {
      inFlight[server]--;
      freed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Calls in flight on a server (for tests and progress displays). */
  int inFlight(int server) {
    lock.lock();
    try {
      return inFlight[server];
    } finally {
      lock.unlock();
    }
  }
}
