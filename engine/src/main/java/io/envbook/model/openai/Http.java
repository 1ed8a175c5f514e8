package io.envbook.model.openai;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/** The shared HTTP plumbing: a client whose calls run on virtual threads and can be interrupted. */
final class Http {
  private Http() {}

  static OkHttpClient client(Duration timeout) {
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
  static Response execute(Call call) throws IOException {
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
}
