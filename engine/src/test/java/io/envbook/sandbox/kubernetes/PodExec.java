package io.envbook.sandbox.kubernetes;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kubelet's side of one exec websocket ({@code v4.channel.k8s.io}): runs the command as a real
 * process in its {@link FakeCluster} pod, copies its stdout and stderr to channels 1 and 2, writes what
 * arrives on channel 0 to its stdin, and ends with the exit status on channel 3 and an empty frame on
 * each channel 0 to 4, as the API server does. As on a real kubelet, a client that goes away does not
 * stop the command.
 */
final class PodExec extends WebSocketListener {
  private final FakeCluster.PodRoot pod;
  private final List<String> argv = new ArrayList<>();
  private final boolean stdin;
  private final java.util.function.BooleanSupplier offline;
  private final java.util.concurrent.BlockingQueue<byte[]> input = new java.util.concurrent.LinkedBlockingQueue<>();
  private volatile Process process;

  /** @param offline whether the pod's NetworkPolicies cut it off the network, asked as each command starts */
  PodExec(FakeCluster.PodRoot pod, String path, java.util.function.BooleanSupplier offline) {
    this.pod = pod;
    this.offline = offline;
    String query = path.substring(path.indexOf('?') + 1);
    boolean in = false;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = pair.substring(0, eq);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (key.equals("command")) {
        argv.add(value);
      } else if (key.equals("stdin")) {
        in = value.equals("true");
      }
    }
    this.stdin = in;
  }

  @Override
  public void onOpen(WebSocket ws, Response response) {
    Thread.ofVirtual().start(() -> run(ws));
  }

  private void run(WebSocket ws) {
    try {
      ProcessBuilder pb = pod.command(argv, offline.getAsBoolean());
      if (!stdin) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      process = pb.start();
      Thread feeder = stdin ? Thread.ofVirtual().start(() -> feed(process.getOutputStream())) : null;
      Thread out = copy(process.getInputStream(), 1, ws);
      Thread err = copy(process.getErrorStream(), 2, ws);
      int exit = process.waitFor();
      out.join();
      err.join();
      if (feeder != null) {
        feeder.interrupt();
      }
      String status = exit == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
          : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code\",\"reason\":\"NonZeroExitCode\","
              + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + exit + "\"}]}}";
      send(ws, 3, status.getBytes(StandardCharsets.UTF_8), status.length());
    } catch (IOException e) {
      String status = "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + e.getMessage().replace("\"", "'") + "\"}";
      send(ws, 3, status.getBytes(StandardCharsets.UTF_8), status.length());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int channel = 0; channel <= 4; channel++) {
      send(ws, channel, new byte[0], 0); // the API server closes each channel with an empty frame, the status's too
    }
    ws.close(1000, "");
  }

  private static Thread copy(InputStream in, int channel, WebSocket ws) {
    return Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[32 * 1024];
      try (in) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          send(ws, channel, buf, n);
        }
      } catch (IOException e) {
        // the process is gone
      }
    });
  }

  private static void send(WebSocket ws, int channel, byte[] data, int n) {
    byte[] frame = new byte[n + 1];
    frame[0] = (byte) channel;
    System.arraycopy(data, 0, frame, 1, n);
    ws.send(frame);
  }

  @Override
  public void onMessage(WebSocket ws, byte[] bytes) {
    toStdin(bytes);
  }

  @Override
  public void onMessage(WebSocket ws, ByteString bytes) {
    toStdin(bytes.toByteArray());
  }

  private void toStdin(byte[] frame) {
    if (frame.length > 0 && frame[0] == 0) {
      input.add(Arrays.copyOfRange(frame, 1, frame.length));
    }
  }

  /** Writes what arrives on channel 0 to the process, in order, off the server's event loop. */
  private void feed(OutputStream to) {
    try (to) {
      while (true) {
        to.write(input.take());
        to.flush();
      }
    } catch (IOException e) {
      // the command stopped reading
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
