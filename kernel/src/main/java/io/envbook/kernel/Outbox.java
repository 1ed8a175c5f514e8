package io.envbook.kernel;

import io.envbook.kernel.protocol.Msg;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The kernel's outgoing messages, kept in the order they were made. IOPub messages and shell
 * replies go into one queue that one thread drains: a reply is handed to the shell socket only
 * after every IOPub message queued before it has been sent. So a client holding an
 * {@code execute_reply} already has the cell's input, outputs and results on its IOPub socket,
 * however slowly the IOPub side was encoding them; clients such as {@code jupyter_kernel_test}
 * allow only 0.1 s between IOPub messages once the reply is in.
 *
 * <pre>{@code
 * Outbox out = new Outbox(iopubSocket::send, shellSocket::send);
 * out.publish(result);      // sent first
 * out.reply(reply, idle);   // reply handed over only after result left, then idle sent
 * }</pre>
 */
final class Outbox {
  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Consumer<Msg> iopub;
  private final Consumer<Msg> shell;

  Outbox(Consumer<Msg> iopub, Consumer<Msg> shell) {
    this.iopub = iopub;
    this.shell = shell;
  }

  /** Queues an IOPub message; any thread. */
  void publish(Msg m) {
    queue.add(() -> iopub.accept(m));
  }

  /**
   * Queues a shell reply behind every IOPub message published so far, and the IOPub message that
   * closes its request (the idle status) right behind the reply, in one step: nothing the sending
   * thread waits for comes between them. Any thread.
   */
  void reply(Msg reply, Msg closing) {
    queue.add(() -> {
      shell.accept(reply);
      iopub.accept(closing);
    });
  }

  /** Sends queued messages in order until the thread is interrupted; call from one thread only. */
  void drain() throws InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      queue.take().run();
    }
  }
}
