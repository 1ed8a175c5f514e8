package io.envbook.kernel;

import io.envbook.json.Json;
import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Msg;
import io.envbook.kernel.protocol.WireCodec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Sends the kernel's own kind of traffic (signed execute requests and replies, status and result
 * broadcasts, over ZeroMQ on loopback TCP) between private sockets a few hundred times as the
 * kernel starts, while the evaluator is still starting. A fresh JVM interprets that path until
 * the JIT has compiled it, which took the first fifty or so cells of a session otherwise; the
 * real sockets carry none of this traffic.
 */
final class ProtocolWarmUp {
  static final int ROUND_TRIPS = 300;
  private static final long BUDGET_NANOS = 2_000_000_000L;

  private ProtocolWarmUp() {}

  /** Runs the round trips (at most two seconds' worth) and returns how many were made. */
  static int run(ZContext context, WireCodec codec, Header headers, PrintStream log) {
    ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
    ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
    ZMQ.Socket pub = context.createSocket(SocketType.PUB);
    ZMQ.Socket sub = context.createSocket(SocketType.SUB);
    int made = 0;
    try {
      for (ZMQ.Socket s : List.of(router, dealer, pub, sub)) {
        s.setLinger(0);
        s.setReceiveTimeOut(1000);
      }
      dealer.connect("tcp://127.0.0.1:" + router.bindToRandomPort("tcp://127.0.0.1"));
      sub.subscribe(new byte[0]);
      sub.connect("tcp://127.0.0.1:" + pub.bindToRandomPort("tcp://127.0.0.1"));
      long start = System.nanoTime();
      for (; made < ROUND_TRIPS && System.nanoTime() - start < BUDGET_NANOS; made++) {
        if (!roundTrip(made, codec, headers, router, dealer, pub, sub)) {
          break;
        }
      }
    } catch (RuntimeException | WireCodec.BadMessage e) {
      log.println("envbook kernel: the protocol warm-up stopped early (" + e + "); the first cells are slower");
    } finally {
      for (ZMQ.Socket s : List.of(router, dealer, pub, sub)) {
        context.destroySocket(s);
      }
    }
    return made;
  }

  private static boolean roundTrip(int i, WireCodec codec, Header headers, ZMQ.Socket router, ZMQ.Socket dealer, ZMQ.Socket pub,
      ZMQ.Socket sub) throws WireCodec.BadMessage {
    Msg request = new Msg(List.of(), headers.make("execute_request"), Json.object(), Json.object(),
        Json.object().put("code", "1 + " + i).put("silent", false).put("store_history", true), List.of());
    send(dealer, codec.encode(request));
    List<byte[]> in = receive(router);
    if (in == null) {
      return false;
    }
    Msg got = codec.decode(in);
    for (String state : List.of("busy", "idle")) {
      Msg status = got.child(headers, "status", Json.object().put("execution_state", state));
      send(pub, codec.encode(new Msg(List.of("status".getBytes()), status.header(), status.parent(), status.metadata(),
          status.content(), List.of())));
    }
    send(router, codec.encode(got.child(headers, "execute_reply", Json.object().put("status", "ok").put("execution_count", i))));
    List<byte[]> reply = receive(dealer);
    if (reply == null) {
      return false;
    }
    codec.decode(reply);
    for (List<byte[]> broadcast; (broadcast = receiveNow(sub)) != null; ) {
      codec.decode(broadcast);
    }
    return true;
  }

  private static void send(ZMQ.Socket socket, List<byte[]> frames) {
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }
  }

  private static List<byte[]> receive(ZMQ.Socket socket) {
    return receive(socket, 0);
  }

  /** Whatever the socket holds now, without waiting (a subscriber still joining drops the first broadcasts). */
  private static List<byte[]> receiveNow(ZMQ.Socket socket) {
    return receive(socket, ZMQ.DONTWAIT);
  }

  private static List<byte[]> receive(ZMQ.Socket socket, int flags) {
    byte[] first = socket.recv(flags);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>(List.of(first));
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return frames;
  }
}
