package io.envbook.kernel;

import io.envbook.json.Json;
import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Msg;
import io.envbook.kernel.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * Asks the front end for a line of input ({@code input_request} on the stdin socket, routed to the
 * identity of the execute request) and waits for its {@code input_reply}. Used by the cell thread only.
 */
final class StdinChannel {
  private final ZMQ.Socket socket;
  private final WireCodec codec;
  private final Header headers;

  StdinChannel(ZMQ.Socket socket, WireCodec codec, Header headers) {
    this.socket = socket;
    this.codec = codec;
    this.headers = headers;
  }

  String ask(Msg request, String prompt, boolean password) throws InterruptedException {
    Msg ask = request.child(headers, "input_request", Json.object().put("prompt", prompt).put("password", password));
    List<byte[]> frames = codec.encode(ask);
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }
    socket.setReceiveTimeOut(100);
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while waiting for input");
      }
      byte[] first = socket.recv(0);
      if (first == null) {
        continue;
      }
      List<byte[]> in = new ArrayList<>();
      in.add(first);
      while (socket.hasReceiveMore()) {
        in.add(socket.recv(0));
      }
      try {
        Msg reply = codec.decode(in);
        if (reply.type().equals("input_reply")) {
          return reply.content().path("value").asString("");
        }
      } catch (WireCodec.BadMessage e) {
        // not ours to answer: keep waiting
      }
    }
  }
}
