package io.envbook.sandbox.kubernetes;

import io.envbook.sandbox.CommandChannel;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs programs in one pod's container through the API server's exec websocket
 * ({@code v4.channel.k8s.io}, as {@code kubectl exec} speaks it: channel 0 stdin, 1 stdout, 2 stderr, 3
 * the exit status), and deletes the pod on {@link #close()}. It opens the websocket itself, on the
 * client's authenticated HTTP client, rather than through fabric8's {@code exec()}, which first reads the
 * pod and watches it until ready: three requests more per command. The protocol cannot end a program's
 * input without ending the whole exec, so input goes with its length: {@code head -c LENGTH} feeds it to
 * the program, which then sees its end as it would on a terminal.
 */
final class PodChannel implements CommandChannel {
  /** Feeds the first $0 bytes of the exec's input to the program "$@", then ends its input. */
  private static final String FEED = "head -c \"$0\" | \"$@\"";
  private static final int CHUNK = 32 * 1024;

  private final KubernetesClient client;
  private final String namespace;
  private final String pod;

  PodChannel(KubernetesClient client, String namespace, String pod) {
    this.client = client;
    this.namespace = namespace;
    this.pod = pod;
  }

  /** The pod's name. */
  String pod() {
    return pod;
  }

  @Override
  public int run(List<String> argv, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
      throws IOException, TimeoutException {
    byte[] input = stdin == null ? null : stdin.readAllBytes();
    List<String> command = argv;
    if (input != null) {
      command = new ArrayList<>(List.of("sh", "-c", FEED, String.valueOf(input.length)));
      command.addAll(argv);
    }
    Streams streams = new Streams(stdout, stderr);
    WebSocket ws;
    try {
      ws = client.getHttpClient().newWebSocketBuilder().subprotocol("v4.channel.k8s.io").uri(uri(command, input != null))
          .connectTimeout(30, TimeUnit.SECONDS).buildAsync(streams).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException("exec in pod " + pod + " failed: " + why(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    }
    try {
      if (input != null) {
        for (int off = 0; off < input.length; off += CHUNK) {
          int n = Math.min(CHUNK, input.length - off);
          ByteBuffer frame = ByteBuffer.allocate(n + 1).put((byte) 0).put(input, off, n).flip();
          ws.send(frame);
        }
      }
      return streams.exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("exec in pod " + pod + " failed: " + why(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } finally {
      ws.sendClose(1000, "");
    }
  }

  private URI uri(List<String> command, boolean stdin) {
    StringBuilder url = new StringBuilder(client.getMasterUrl().toString().replaceAll("/+$", ""))
        .append("/api/v1/namespaces/").append(namespace).append("/pods/").append(pod).append("/exec?container=").append(Pods.CONTAINER)
        .append("&stdin=").append(stdin).append("&stdout=true&stderr=true&tty=false");
    for (String arg : command) {
      url.append("&command=").append(URLEncoder.encode(arg, StandardCharsets.UTF_8));
    }
    return URI.create(url.toString());
  }

  private static String why(Throwable t) {
    return t instanceof KubernetesClientException k ? KubernetesSandboxProvider.reason(k) : String.valueOf(t);
  }

  /** Copies channels 1 and 2 as they arrive; the exit status on channel 3 completes {@link #exit}. */
  private final class Streams implements WebSocket.Listener {
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final ByteArrayOutputStream status = new ByteArrayOutputStream();

    Streams(OutputStream stdout, OutputStream stderr) {
      this.stdout = stdout;
      this.stderr = stderr;
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer frame) {
      if (frame.hasRemaining()) {
        int channel = frame.get();
        byte[] data = new byte[frame.remaining()];
        frame.get(data);
        try {
          switch (channel) {
            case 1 -> stdout.write(data);
            case 2 -> stderr.write(data);
            case 3 -> status.write(data);
            default -> { }
          }
        } catch (IOException e) {
          exit.completeExceptionally(e);
        }
      }
      ws.request();
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
      if (status.size() == 0) {
        exit.completeExceptionally(new IOException("the exec ended without an exit status (websocket closed: " + code + " " + reason + ")"));
        return;
      }
      try {
        exit.complete(exitCode(client.getKubernetesSerialization().unmarshal(status.toString(StandardCharsets.UTF_8), Status.class)));
      } catch (IOException | RuntimeException e) {
        exit.completeExceptionally(e);
      }
      ws.sendClose(1000, "");
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      exit.completeExceptionally(error);
    }
  }

  /** The exit code an exec status gives: 0 on success, the {@code ExitCode} cause otherwise. */
  static int exitCode(Status s) throws IOException {
    if ("Success".equals(s.getStatus())) {
      return 0;
    }
    if (s.getDetails() != null && s.getDetails().getCauses() != null) {
      for (StatusCause c : s.getDetails().getCauses()) {
        if ("ExitCode".equals(c.getReason())) {
          return Integer.parseInt(c.getMessage());
        }
      }
    }
    throw new IOException("the exec failed: " + s.getMessage());
  }

  @Override
  public void close() throws IOException {
    try {
      client.pods().inNamespace(namespace).withName(pod).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw new IOException("could not delete pod " + pod + " in namespace " + namespace + ": " + KubernetesSandboxProvider.reason(e), e);
      }
    }
  }
}
