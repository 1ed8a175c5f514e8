package io.envbook.kernel;

import io.envbook.kernel.protocol.ConnectionInfo;
import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Msg;
import io.envbook.kernel.protocol.Signer;
import io.envbook.kernel.protocol.WireCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Runs the kernel's sockets, each on its own thread: heartbeat echo, control (interrupt and shutdown
 * answered at once, even while a cell runs), IOPub (one sender draining the {@link Outbox}, which
 * also releases shell replies once the outputs before them are out), and shell. Shell
 * requests are answered on the shell thread, except {@code execute_request}, which goes to the cell
 * thread; so completion, inspection and kernel_info never wait for a running cell. Every socket is
 * used by one thread only: replies from the cell thread reach the shell socket through a queue and a
 * wake-up pipe. A message with a bad signature or a broken shape is dropped and logged.
 */
public final class KernelServer {
  private final Sockets sockets;
  private final WireCodec codec;
  private final Header headers = new Header();
  private final Outbox outbox;
  private final ConcurrentLinkedQueue<Msg> shellReplies = new ConcurrentLinkedQueue<>();
  private final Pipe wake;
  private final PrintStream log;
  private final Requests requests;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;

  public KernelServer(ConnectionInfo info, Evaluator evaluator, PrintStream log) throws IOException {
    this.sockets = new Sockets(info);
    this.codec = new WireCodec(new Signer(info.signatureScheme(), info.key()));
    this.wake = Pipe.open();
    this.wake.source().configureBlocking(false);
    this.log = log;
    this.outbox = new Outbox(m -> send(sockets.iopub, m), this::replyOnShell);
    Publisher publisher = new Publisher(headers, outbox::publish);
    this.requests = new Requests(evaluator, publisher, headers, outbox::reply, new StdinChannel(sockets.stdin, codec, headers),
        this::shutdown, log);
  }

  /** Starts every thread and blocks until the kernel is shut down. */
  public void run() throws InterruptedException {
    thread("heartbeat", this::heartbeat);
    thread("iopub", this::iopub);
    thread("control", this::control);
    thread("shell", this::shell);
    requests.publisher().status(io.envbook.json.Json.object(), "starting");
    thread("protocol-warm-up", () -> ProtocolWarmUp.run(sockets.context, codec, new Header(), log));
    stopped.await();
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (ZMQException | java.nio.channels.ClosedSelectorException e) {
        // the context was closed: shutting down
      } catch (RuntimeException e) {
        if (running) {
          log.println("envbook kernel: " + name + " thread failed: " + e);
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private void heartbeat() {
    while (running) {
      byte[] ping = sockets.heartbeat.recv(0);
      if (ping != null) {
        sockets.heartbeat.send(ping, 0);
      }
    }
  }

  private void iopub() {
    try {
      outbox.drain();
    } catch (InterruptedException e) {
      // shutting down
    }
  }

  private void control() {
    while (running) {
      Msg m = receive(sockets.control);
      if (m != null) {
        Msg reply = requests.control(m);
        if (reply != null) {
          send(sockets.control, reply);
        }
      }
    }
  }

  private void shell() {
    ZMQ.Poller poller = sockets.context.createPoller(2);
    poller.register(sockets.shell, ZMQ.Poller.POLLIN);
    poller.register(wake.source(), ZMQ.Poller.POLLIN);
    ByteBuffer drain = ByteBuffer.allocate(256);
    while (running) {
      poller.poll(500);
      if (poller.pollin(0)) {
        Msg m = receive(sockets.shell);
        if (m != null) {
          requests.shell(m);
        }
      }
      if (poller.pollin(1)) {
        try {
          while (wake.source().read(drain.clear()) > 0) {
            // emptied
          }
        } catch (IOException e) {
          log.println("envbook kernel: wake-up pipe failed: " + e.getMessage());
        }
      }
      for (Msg reply; (reply = shellReplies.poll()) != null; ) {
        send(sockets.shell, reply);
      }
    }
  }

  /** Called by the IOPub thread once the outputs before {@code reply} are sent. */
  private void replyOnShell(Msg reply) {
    shellReplies.add(reply);
    try {
      synchronized (wake) {
        wake.sink().write(ByteBuffer.wrap(new byte[] {1}));
      }
    } catch (IOException e) {
      log.println("envbook kernel: wake-up pipe failed: " + e.getMessage());
    }
  }

  private Msg receive(ZMQ.Socket socket) {
    List<byte[]> frames = new ArrayList<>();
    byte[] frame = socket.recv(0);
    if (frame == null) {
      return null;
    }
    frames.add(frame);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    try {
      return codec.decode(frames);
    } catch (WireCodec.BadMessage e) {
      log.println("envbook kernel: dropped a message (" + e.getMessage() + ")");
      return null;
    }
  }

  private void send(ZMQ.Socket socket, Msg m) {
    List<byte[]> frames = codec.encode(m);
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }
  }

  private void shutdown() {
    new Thread(() -> {
      try {
        Thread.sleep(200); // let the reply and the last IOPub messages leave
      } catch (InterruptedException ignored) {
        // shutting down anyway
      }
      running = false;
      sockets.close();
      stopped.countDown();
    }, "shutdown").start();
  }
}
