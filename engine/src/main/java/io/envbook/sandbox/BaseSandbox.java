package io.envbook.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * What every backend's sandbox shares: its task id, the variables {@link #putEnv} sets, the file
 * methods handed to the backend's {@link SandboxFiles}, and the refusal of any use after close.
 */
abstract class BaseSandbox implements Sandbox {
  private final String taskId;
  private final SandboxFiles files;
  private final Map<String, String> extraEnv = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  BaseSandbox(String taskId, SandboxFiles files) {
    this.taskId = taskId;
    this.files = files;
  }

  @Override
  public final String taskId() {
    return taskId;
  }

  /** The variables {@link #putEnv} set, for the backend's commands. */
  final Map<String, String> extraEnv() {
    return extraEnv;
  }

  @Override
  public final void putEnv(String name, String value) {
    checkOpen();
    if (name.equals(ProcessKiller.MARKER_VAR)) {
      throw new IllegalArgumentException(name + " is the sandbox's own marker and cannot be set");
    }
    extraEnv.put(name, value);
  }

  @Override
  public final byte[] readBytes(String path) throws IOException {
    checkOpen();
    return files.read(path);
  }

  @Override
  public final void writeBytes(String path, byte[] content) throws IOException {
    checkOpen();
    files.write(path, content);
  }

  @Override
  public final List<SandboxFile> list(String path) throws IOException {
    checkOpen();
    return files.list(path);
  }

  @Override
  public final SearchResult search(Pattern pattern, String path, String fileGlob) throws IOException {
    checkOpen();
    return files.search(pattern, path, fileGlob);
  }

  @Override
  public final void upload(Path local, String path) throws IOException {
    checkOpen();
    files.upload(local, path);
  }

  @Override
  public final void download(String path, Path local) throws IOException {
    checkOpen();
    files.download(path, local);
  }

  final void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("sandbox " + taskId + " is closed");
    }
  }

  /** Marks the sandbox closed; true the first time only, so closing twice does nothing. */
  final boolean markClosed() {
    return closed.compareAndSet(false, true);
  }
}
