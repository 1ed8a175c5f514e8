package io.envbook.model.openai;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The model clients' shared HTTP plumbing: a client whose calls run on virtual threads and can be
 * interrupted, and bodies read up to a cap.
 *
 * <pre>{@code
 * try (Response r = Http.execute(client.newCall(request))) {
 *   String text = Http.readBody(r.body(), 16L << 20);   // null: longer than the cap
 * }
 * }</pre>
 */
public final class Http {
  private Http() {}

  public static OkHttpClient client(Duration timeout) {
    Dispatcher dispatcher = new Dispatcher(Executors.newVirtualThreadPerTaskExecutor());
    dispatcher.setMaxRequests(100_000);
    dispatcher.setMaxRequestsPerHost(100_000);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(256, 5, java.util.concurrent.TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(timeout)
        .writeTimeout(Duration.ofSeconds(60))
        .build();
  }

  /**
   * Runs a call and waits for its response; an interrupt of the waiting thread cancels the call and
   * surfaces as an {@link InterruptedIOException} with the thread's interrupt flag set.
   */
  public static Response execute(Call call) throws IOException {
    CompletableFuture<Response> result = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call c, Response response) {
        result.complete(response);
      }
    });
    try {
      return result.get();
    } catch (InterruptedException e) {
      call.cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  /** The body as text, or {@code null} when it is longer than {@code maxBytes} (then at most {@code maxBytes + 1} bytes are read). */
  public static String readBody(ResponseBody body, long maxBytes) throws IOException {
    if (body == null) {
      return "";
    }
    if (body.contentLength() > maxBytes) {
      return null;
    }
    BufferedSource source = body.source();
    if (source.request(maxBytes + 1)) {
      return null;
    }
    MediaType type = body.contentType();
    return source.getBuffer().readString(type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8));
  }

  /** A byte count for messages: {@code 16 MiB}, {@code 64 KiB}, {@code 300 bytes}. */
  public static String bytes(long n) {
    if (n >= 1 << 20 && n % (1 << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    if (n >= 1 << 10 && n % (1 << 10) == 0) {
      return (n >> 10) + " KiB";
    }
    return n + " bytes";
  }
}
