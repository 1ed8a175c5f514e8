package io.envbook.kernel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * An evaluator that is created on a background thread while the kernel opens its sockets, so the
 * kernel answers {@code kernel_info} at once (creating JShell takes about half a second). The first
 * cell waits until it is ready; completion, inspection and {@code is_complete} answer "nothing known
 * yet" instead of waiting, so the message loop is never held up.
 */
final class StartingEvaluator implements Evaluator {
  private final CompletableFuture<Evaluator> ready = new CompletableFuture<>();
  private final Map<String, Object> languageInfo;

  StartingEvaluator(Supplier<Evaluator> create, Map<String, Object> languageInfo) {
    this.languageInfo = languageInfo;
    Thread t = new Thread(() -> {
      try {
        ready.complete(create.get());
      } catch (Throwable e) {
        ready.completeExceptionally(e);
      }
    }, "evaluator-start");
    t.setDaemon(true);
    t.start();
  }

  /** The evaluator if it is ready, else {@code null}. */
  private Evaluator now() {
    return ready.isDone() && !ready.isCompletedExceptionally() ? ready.join() : null;
  }

  private Evaluator await() throws InterruptedException {
    try {
      return ready.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the " + languageInfo.get("name") + " evaluator could not start: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public Object eval(String code) throws Exception {
    return await().eval(code);
  }

  @Override
  public Completion complete(String code, int cursor) {
    Evaluator e = now();
    return e == null ? new Completion(List.of(), cursor, cursor) : e.complete(code, cursor);
  }

  @Override
  public Map<String, Object> inspect(String code, int cursor) {
    Evaluator e = now();
    return e == null ? null : e.inspect(code, cursor);
  }

  @Override
  public String isComplete(String code) {
    Evaluator e = now();
    return e == null ? "unknown" : e.isComplete(code);
  }

  @Override
  public Map<String, Object> languageInfo() {
    return languageInfo;
  }

  @Override
  public ErrorReport describe(Throwable t) {
    Evaluator e = now();
    if (e != null) {
      return e.describe(t);
    }
    if (t instanceof InterruptedException) {
      return new ErrorReport("Interrupted", "the cell was interrupted", List.of("Interrupted: the cell was interrupted"));
    }
    String msg = t.getMessage() == null ? "" : t.getMessage();
    return new ErrorReport(t.getClass().getSimpleName(), msg, List.of(t.getClass().getSimpleName() + ": " + msg));
  }

  @Override
  public void interrupt(Thread cellThread) {
    Evaluator e = now();
    if (e != null) {
      e.interrupt(cellThread);
    } else {
      cellThread.interrupt(); // the cell is still waiting for the evaluator to start
    }
  }
}
