package io.envbook.util;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The moment by which some work must be done, and a way to run work that may never end (a user's
 * closure, a model call) so that the caller still goes on at that moment.
 *
 * <p>{@link #call} runs the work on a thread of its own and waits for it until the deadline. Past it,
 * the thread is interrupted and the call throws {@link TimeoutException}; a thread that ignores the
 * interrupt is left behind, never waited for. Whatever the work throws, {@link Error}s included, is
 * thrown again to the caller. User code runs on platform daemon threads: a virtual thread stuck in a
 * loop that never blocks would hold one of the few carrier threads that all virtual threads share.
 *
 * <pre>{@code
 * Deadline d = Deadline.after(Duration.ofSeconds(30));
 * String prompt = d.call("prompt", () -> env.formatPrompt(item)); // TimeoutException after 30 s
 * }</pre>
 */
public final class Deadline {
  private final long atNanos;
  private final Duration length;

  private Deadline(long atNanos, Duration length) {
    this.atNanos = atNanos;
    this.length = length;
  }

  /** The deadline {@code length} from now. */
  public static Deadline after(Duration length) {
    return new Deadline(System.nanoTime() + Math.max(0, length.toNanos()), length);
  }

  /** How long it was set to last, for messages ("within 30s"). */
  public Duration length() {
    return length;
  }

  /** Time left before the deadline, zero once it has passed. */
  public Duration left() {
    return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
  }

  public boolean passed() {
    return atNanos - System.nanoTime() <= 0;
  }

  /** The deadline as a point on the wall clock, for APIs that take one. */
  public Instant instant() {
    return Instant.now().plus(left());
  }

  /** Runs {@code work} on a platform daemon thread named {@code name}, waiting for it at most until the deadline. */
  public <T> T call(String name, Callable<T> work) throws Exception {
    return await(start(Thread.ofPlatform().daemon(), name, work), Duration.ZERO);
  }

  /** Starts {@code work} on a new thread of {@code threads}; wait for it with {@link #await}. */
  public static <T> Future<T> start(Thread.Builder threads, String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    threads.name(name).start(task);
    return task;
  }

  /**
   * Waits for {@code work} until the deadline plus {@code grace} and returns its result, or throws what
   * it threw. Past that time, or when the waiting thread is interrupted, the work is interrupted and
   * abandoned: {@link TimeoutException} or {@link InterruptedException} (with the interrupt flag set).
   */
  public <T> T await(Future<T> work, Duration grace) throws Exception {
    long waitNanos = Math.max(0, atNanos - System.nanoTime()) + grace.toNanos();
    try {
      return work.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      work.cancel(true);
      throw e;
    } catch (InterruptedException e) {
      work.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** A duration as a script would write it: {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 1h 30m}. */
  public static String text(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long minutes = d.toMinutes();
    long seconds = d.toSecondsPart();
    if (minutes < 60) {
      return minutes + "m" + (seconds == 0 ? "" : " " + seconds + "s");
    }
    long parts = d.toMinutesPart();
    return d.toHours() + "h" + (parts == 0 ? "" : " " + parts + "m");
  }
}
