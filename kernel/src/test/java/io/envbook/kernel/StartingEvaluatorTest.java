package io.envbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartingEvaluatorTest {
  private final CountDownLatch started = new CountDownLatch(1);

  /** An evaluator that answers "ok" to everything, created only when the latch opens. */
  private Evaluator slowToStart() {
    return new StartingEvaluator(() -> {
      try {
        started.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return new Evaluator() {
        public Object eval(String code) {
          return "ran " + code;
        }

        public Completion complete(String code, int cursor) {
          return new Completion(List.of("ok"), 0, cursor);
        }

        public Map<String, Object> inspect(String code, int cursor) {
          return Map.of("text/plain", "ok");
        }

        public String isComplete(String code) {
          return "complete";
        }

        public Map<String, Object> languageInfo() {
          return Map.of();
        }

        public ErrorReport describe(Throwable t) {
          return new ErrorReport("E", "", List.of());
        }

        public void interrupt(Thread cellThread) {}
      };
    }, Map.of("name", "test"));
  }

  @Test
  void whileStartingItAnswersAtOnceAndTheFirstCellWaits() throws Exception {
    Evaluator e = slowToStart();

    assertThat(e.complete("x", 1).matches()).isEmpty();
    assertThat(e.isComplete("x")).isEqualTo("unknown");
    assertThat(e.inspect("x", 1)).isNull();
    assertThat(e.languageInfo()).containsEntry("name", "test");
    CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> {
      try {
        return e.eval("1");
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
    Thread.sleep(100);
    assertThat(cell).isNotDone();

    started.countDown();

    assertThat(cell.get(5, TimeUnit.SECONDS)).isEqualTo("ran 1");
    assertThat(e.complete("x", 1).matches()).containsExactly("ok");
  }

  @Test
  void aCellWaitingForTheStartCanBeInterrupted() throws Exception {
    Evaluator e = slowToStart();
    Object[] outcome = new Object[1];
    Thread cell = new Thread(() -> {
      try {
        e.eval("1");
      } catch (Exception ex) {
        outcome[0] = ex;
      }
    });
    cell.start();
    Thread.sleep(100);

    e.interrupt(cell);
    cell.join(5000);

    assertThat(outcome[0]).isInstanceOf(InterruptedException.class);
    assertThat(e.describe((Throwable) outcome[0]).ename()).isEqualTo("Interrupted");
    started.countDown();
  }
}
