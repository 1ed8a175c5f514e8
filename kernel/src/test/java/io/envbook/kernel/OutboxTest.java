package io.envbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Msg;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private final Header headers = new Header();

  @Test
  void aReplyLeavesOnlyAfterTheOutputsPublishedBeforeIt() throws Exception {
    List<String> wire = new CopyOnWriteArrayList<>();
    CountDownLatch statusSent = new CountDownLatch(1);
    Outbox out = new Outbox(m -> {
      sleep(40); // a slow IOPub side: big bundles, a loaded machine
      wire.add(m.type());
      if (m.type().equals("status")) {
        statusSent.countDown();
      }
    }, m -> wire.add(m.type()));
    out.publish(msg("execute_input"));
    out.publish(msg("execute_result"));
    out.reply(msg("execute_reply"), msg("status"));
    Thread sender = new Thread(() -> {
      try {
        out.drain();
      } catch (InterruptedException e) {
        // test over
      }
    });
    sender.start();
    statusSent.await(5, TimeUnit.SECONDS);
    sender.interrupt();
    sender.join(5_000);
    assertEquals(List.of("execute_input", "execute_result", "execute_reply", "status"), wire);
  }

  private Msg msg(String type) {
    return new Msg(List.of(), headers.make(type), io.envbook.json.Json.object(), io.envbook.json.Json.object(),
        io.envbook.json.Json.object(), List.of());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
