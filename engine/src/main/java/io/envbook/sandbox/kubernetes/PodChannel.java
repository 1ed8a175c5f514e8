package io.envbook.sandbox.kubernetes;

import io.envbook.sandbox.CommandChannel;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.TtyExecOutputErrorable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs programs in one pod's container through the API server's exec (the websocket {@code kubectl exec}
 * uses), and deletes the pod on {@link #close()}. The exec protocol cannot end a program's input without
 * ending the whole exec, so input goes with its length: {@code head -c LENGTH} feeds it to the program,
 * which then sees its end as it would on a terminal.
 */
final class PodChannel implements CommandChannel {
  /** Feeds the first $0 bytes of the exec's input to the program "$@", then ends its input. */
  private static final String FEED = "head -c \"$0\" | \"$@\"";

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
    CompletableFuture<Void> ended = new CompletableFuture<>();
    ExecListener listener = new ExecListener() {
      @Override
      public void onClose(int code, String reason) {
        ended.complete(null);
      }

      @Override
      public void onFailure(Throwable t, Response response) {
        ended.completeExceptionally(t);
      }
    };
    ContainerResource container = client.pods().inNamespace(namespace).withName(pod).inContainer(Pods.CONTAINER);
    TtyExecOutputErrorable in = input != null ? container.redirectingInput() : container;
    ExecWatch watch;
    try {
      watch = in.writingOutput(stdout).writingError(stderr).usingListener(listener).exec(command.toArray(String[]::new));
    } catch (KubernetesClientException e) {
      throw new IOException("exec in pod " + pod + " failed: " + KubernetesSandboxProvider.reason(e), e);
    }
    try (watch) {
      if (input != null) {
        OutputStream toPod = watch.getInput();
        toPod.write(input);
        toPod.flush();
      }
      Integer exit = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        ended.get(5, TimeUnit.SECONDS); // the output written before the exit status has been copied by now
      } catch (TimeoutException | ExecutionException e) {
        // the exit code is known: a late close changes nothing
      }
      if (exit == null || exit < 0) {
        throw new IOException("exec in pod " + pod + " ended without an exit status");
      }
      return exit;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof KubernetesClientException k ? k : e.getCause();
      throw new IOException("exec in pod " + pod + " failed: " + (cause instanceof KubernetesClientException k
          ? KubernetesSandboxProvider.reason(k) : String.valueOf(cause)), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    }
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
