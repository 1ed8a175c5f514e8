package io.envbook.kernel;

import io.envbook.kernel.protocol.ConnectionInfo;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The five ZeroMQ sockets of a kernel, bound to the ports of its connection file. */
final class Sockets implements AutoCloseable {
  final ZContext context = new ZContext();
  final ZMQ.Socket shell;
  final ZMQ.Socket control;
  final ZMQ.Socket iopub;
  final ZMQ.Socket stdin;
  final ZMQ.Socket heartbeat;

  Sockets(ConnectionInfo c) {
    shell = bind(SocketType.ROUTER, c.address(c.shellPort()));
    control = bind(SocketType.ROUTER, c.address(c.controlPort()));
    iopub = bind(SocketType.PUB, c.address(c.iopubPort()));
    stdin = bind(SocketType.ROUTER, c.address(c.stdinPort()));
    heartbeat = bind(SocketType.REP, c.address(c.hbPort()));
  }

  private ZMQ.Socket bind(SocketType type, String address) {
    ZMQ.Socket s = context.createSocket(type);
    s.setLinger(1000);
    s.bind(address);
    return s;
  }

  @Override
  public void close() {
    context.close();
  }
}
