package io.envbook.atropos;

import io.envbook.env.Item;
import io.envbook.rollout.GroupRunner;
import io.envbook.rollout.RolloutGroup;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The groups {@code serve} is running, each on its own virtual thread, and the backlog of items
 * whose group was cancelled before it was scored (BaseEnv's {@code backlog}): those run again
 * first. A group is either scored (and handed on) or cancelled, never both.
 *
 * <pre>{@code
 * Workers w = new Workers(runner, 4, group -> sender.add(...), log);
 * w.start(item);
 * w.cancel(w.running());       // evaluation: the items go back to the backlog
 * Item again = w.backlogged(); // the last one cancelled
 * }</pre>
 */
final class Workers {
  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int CANCELLED = 2;

  /** One group's run: its item, its index (for task ids) and whether it was scored or cancelled. */
  private final class Worker implements Runnable {
    final Item item;
    final int index;
    final AtomicInteger state = new AtomicInteger(RUNNING);
    final Thread thread;

    Worker(Item item, int index) {
      this.item = item;
      this.index = index;
      this.thread = Thread.ofVirtual().name("group-" + index).unstarted(this);
    }

    @Override
    public void run() {
      try {
        RolloutGroup g = runner.run(item, index, groupSize);
        if (state.compareAndSet(RUNNING, DONE)) {
          scored.accept(g);
        }
      } catch (InterruptedException e) {
        // cancelled: its item is back in the backlog
      } catch (RuntimeException e) {
        if (state.compareAndSet(RUNNING, DONE)) {
          failed.incrementAndGet();
          log.println("serve: the group of item " + item.id() + " failed: " + e.getMessage());
        }
      } finally {
        running.remove(index);
      }
    }
  }

  private final GroupRunner runner;
  private final int groupSize;
  private final Consumer<RolloutGroup> scored;
  private final PrintStream log;
  private final Map<Integer, Worker> running = new ConcurrentHashMap<>();
  private final Deque<Item> backlog = new ArrayDeque<>();
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  Workers(GroupRunner runner, int groupSize, Consumer<RolloutGroup> scored, PrintStream log) {
    this.runner = runner;
    this.groupSize = groupSize;
    this.scored = scored;
    this.log = log;
  }

  /** Starts a group of {@code item}. */
  void start(Item item) {
    Worker w = new Worker(item, nextIndex.getAndIncrement());
    running.put(w.index, w);
    w.thread.start();
  }

  /**
   * Groups started and not cancelled whose thread has not ended: a scored group counts until it has
   * been handed on, so that it is never counted nowhere.
   */
  int running() {
    return (int) running.values().stream().filter(w -> w.state.get() != CANCELLED).count();
  }

  /** Groups that failed as a whole (a rollout crashed), not counting cancelled ones. */
  int failed() {
    return failed.get();
  }

  /**
   * Cancels up to {@code n} running groups, the newest first, and puts their items back in the
   * backlog; returns how many were cancelled.
   */
  int cancel(int n) {
    List<Worker> newestFirst = new ArrayList<>(running.values());
    newestFirst.sort((a, b) -> Integer.compare(b.index, a.index));
    int cancelled = 0;
    for (Worker w : newestFirst) {
      if (cancelled == n) {
        break;
      }
      if (w.state.compareAndSet(RUNNING, CANCELLED)) {
        synchronized (backlog) {
          backlog.push(w.item);
        }
        w.thread.interrupt();
        cancelled++;
      }
    }
    return cancelled;
  }

  /** The item cancelled last, to run again, or {@code null}. */
  Item backlogged() {
    synchronized (backlog) {
      return backlog.poll();
    }
  }

  int backlogSize() {
    synchronized (backlog) {
      return backlog.size();
    }
  }

  /** Waits until {@code deadlineNanos} for every group thread, cancelled ones included, to end; true when none is left. */
  boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    while (!running.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
      Thread.sleep(20);
    }
    return running.isEmpty();
  }
}
