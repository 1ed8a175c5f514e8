package io.envbook.kernel.jshell;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Holds back JShell's class index until the first completion needs it. As soon as a session's source
 * analysis exists, JShell walks every class of the JDK and the class path on a background thread and
 * keeps their names: about 0.4 s of CPU competing with the first cells, and about 45 MB of memory the
 * process keeps (Java kernel RSS after 70 cells: 178 to 134 MB). The index serves only the completion
 * of package and class names, so it is built when the user first asks for a completion, which then
 * waits for it (at most {@link #WAIT_SECONDS}).
 *
 * <p>JShell offers suspending and resuming its indexer only on its implementation class; that needs
 * {@code --add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED} (the kernelspec passes it). Without it the
 * session indexes at once, as JShell does. The indexer is one thread shared by every session in the
 * JVM, so the first completion releases all held sessions, or a held one would stall the others.
 *
 * <pre>{@code
 * SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
 * DeferredClassIndex.hold(analysis);
 * ...
 * DeferredClassIndex.awaitForCompletion(analysis); // before analysis.completionSuggestions(...)
 * }</pre>
 */
final class DeferredClassIndex {
  static final int WAIT_SECONDS = 3;
  private static final List<SourceCodeAnalysis> HELD = new ArrayList<>();
  private static final Map<SourceCodeAnalysis, CompletableFuture<Void>> BUILT = new WeakHashMap<>();
  private static boolean released;

  private DeferredClassIndex() {}

  /** Suspends the session's indexing until {@link #awaitForCompletion}; true if it could. */
  static synchronized boolean hold(SourceCodeAnalysis analysis) {
    if (released || !call(analysis, "suspendIndexing")) {
      return false;
    }
    HELD.add(analysis);
    return true;
  }

  /** Lets every held session index and waits, once, until this one's index is built. */
  static void awaitForCompletion(SourceCodeAnalysis analysis) {
    CompletableFuture<Void> index;
    synchronized (DeferredClassIndex.class) {
      if (!released) {
        released = true;
        HELD.forEach(held -> call(held, "resumeIndexing"));
        HELD.clear();
      }
      index = BUILT.computeIfAbsent(analysis, a -> CompletableFuture.runAsync(() -> call(a, "waitBackgroundTaskFinished")));
    }
    try {
      index.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // completes without the names not indexed yet; later completions have them
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Releases a session that ends while held, so the shared indexer thread is not left waiting on it. */
  static synchronized void release(SourceCodeAnalysis analysis) {
    if (HELD.remove(analysis)) {
      call(analysis, "resumeIndexing");
    }
  }

  private static boolean call(SourceCodeAnalysis analysis, String method) {
    try {
      Method m = analysis.getClass().getMethod(method);
      m.setAccessible(true);
      m.invoke(analysis);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false; // jdk.jshell not opened to the kernel, or another JDK's JShell
    }
  }
}
