package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox contract ({@link Sandbox}), one suite every backend runs: a subclass says how to make
 * its provider (and skips, with the reason, where the backend cannot run) and nothing else, unless
 * its processes can be seen better from outside ({@link #survivors}).
 */
public abstract class SandboxContract {
  protected static final Duration TEN_S = Duration.ofSeconds(10);
  /** Prints the command line of every process the sandbox sees, one a line. */
  private static final String PROCESSES = "{ for d in /proc/[0-9]*; do tr '\\0' ' ' < $d/cmdline; echo; done; } 2>/dev/null";
  @TempDir protected Path host;
  private SandboxProvider provider;

  /** A fresh provider of the backend under test. */
  protected abstract SandboxProvider newProvider() throws Exception;

  /** The backend's name as {@link SandboxBackends} lists it. */
  protected abstract String backendName();

  /** What the suite's sandboxes are made from: by default the backend's defaults. */
  protected SandboxSpec spec() {
    return SandboxSpec.DEFAULT;
  }

  protected Sandbox sandbox() throws Exception {
    if (provider == null) {
      provider = newProvider();
    }
    return provider.create("task/1", spec());
  }

  @AfterEach
  void closeProvider() {
    if (provider != null) {
      provider.close();
    }
  }

  /** A string unique to this test, to find its processes by: a sleep of some 300 seconds. */
  protected static String marker() {
    return "300." + String.format("%09d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L));
  }

  /**
   * Processes of the sandbox whose command line holds {@code marker}, a moment after a kill. By
   * default they are looked for from inside the sandbox.
   */
  protected List<String> survivors(Sandbox sb, String marker) throws Exception {
    for (int i = 0; i < 20; i++) {
      List<String> left = sb.exec(PROCESSES + " | grep '^sleep " + marker + "' || true", TEN_S).output().lines().toList();
      if (left.isEmpty()) {
        return left;
      }
      Thread.sleep(100);
    }
    return List.of("still running after 2 s");
  }

  @Test
  void theSandboxIsNamedByItsBackend() throws Exception {
    Sandbox sb = sandbox();

    assertThat(sb.backend()).isEqualTo(backendName());
    assertThat(provider.name()).isEqualTo(backendName());
    assertThat(SandboxBackends.names()).contains(backendName());
    assertThat(sb.taskId()).isEqualTo("task/1");
  }

  @Test
  void aShellCommandRunsInTheWorkingDirectoryWhichIsHome() throws Exception {
    Sandbox sb = sandbox();

    ExecResult r = sb.exec("pwd; echo $HOME; echo oops >&2; exit 3", TEN_S);

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.output()).isEqualTo(sb.workdir() + "\n" + sb.workdir() + "\noops\n");
    assertThat(sb.workdir()).startsWith("/");
  }

  @Test
  void argvRunsWithoutAShell() throws Exception {
    ExecResult r = sandbox().exec(ExecRequest.of("printf", "%s|", "a b", "$HOME", "*"));

    assertThat(r.output()).isEqualTo("a b|$HOME|*|");
    assertThat(r.ok()).isTrue();
  }

  @Test
  void aRelativeWorkingDirectoryIsTakenFromTheWorkdir() throws Exception {
    Sandbox sb = sandbox();
    sb.writeFile("sub/dir/f.txt", "x");

    assertThat(sb.exec(ExecRequest.shell("pwd; ls").cwd("sub/dir")).output()).isEqualTo(sb.workdir() + "/sub/dir\nf.txt\n");
    ExecResult missing = sb.exec(ExecRequest.of("pwd").cwd("nowhere"));
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("nowhere");
  }

  @Test
  void variablesComeFromTheSandboxAndTheRequestButNotFromTheHost() throws Exception {
    Sandbox sb = sandbox();
    sb.putEnv("DATABASE_URL", "sqlite:///x.db");

    ExecResult r = sb.exec(ExecRequest.shell("echo $DATABASE_URL $ONLY_NOW $TERM ${OPENAI_API_KEY:-none}").env("ONLY_NOW", "yes"));

    assertThat(r.output()).isEqualTo("sqlite:///x.db yes dumb none\n");
    assertThat(sb.exec("echo ${ONLY_NOW:-gone}", TEN_S).output()).isEqualTo("gone\n");
    assertThatThrownBy(() -> sb.putEnv("ENVBOOK_SANDBOX", "x")).hasMessage("ENVBOOK_SANDBOX is the sandbox's own marker and cannot be set");
  }

  @Test
  void stdinIsFedAndWithoutItTheCommandSeesItsEnd() throws Exception {
    Sandbox sb = sandbox();

    assertThat(sb.exec(ExecRequest.of("cat").stdin("line one\nline two\n")).output()).isEqualTo("line one\nline two\n");
    assertThat(sb.exec(ExecRequest.shell("cat; echo done").timeout(TEN_S)).output()).isEqualTo("done\n");
  }

  @Test
  void aMissingProgramIsAResult() throws Exception {
    Sandbox sb = sandbox();

    assertThat(sb.exec("no-such-program-xyz", TEN_S).exitCode()).isEqualTo(127);
    assertThat(sb.exec(ExecRequest.of("no-such-program-xyz")).exitCode()).isEqualTo(127);
  }

  @Test
  void aTimeoutKillsTheCommandWithEverythingItStarted() throws Exception {
    Sandbox sb = sandbox();
    String m = marker();

    ExecResult r = sb.exec("echo before; sleep " + m + " & sleep " + m, Duration.ofMillis(800));

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(ExecResult.TIMEOUT_EXIT);
    assertThat(r.output()).isEqualTo("before\n");
    assertThat(survivors(sb, m)).isEmpty();
  }

  @Test
  void backgroundProcessesOutliveTheirCommandUntilTheSandboxCloses() throws Exception {
    Sandbox sb = sandbox();
    String m = marker();

    assertThat(sb.exec("sleep " + m + " >/dev/null 2>&1 & echo started", TEN_S).output()).isEqualTo("started\n");
    if (backgroundOutlivesItsCommand()) {
      assertThat(sb.exec(PROCESSES + " | grep -c '^sleep " + m + "'", TEN_S)
          .output()).isEqualTo("1\n");
    } else {
      assertThat(survivors(sb, m)).isEmpty();
    }
    sb.close();
    sb.close();

    assertThatThrownBy(() -> sb.exec("true", TEN_S)).hasMessage("sandbox task/1 is closed");
    assertThatThrownBy(() -> sb.readFile("x")).hasMessage("sandbox task/1 is closed");
    assertClosed(sb, m);
  }

  /** False where each command has its own process namespace, which ends with it ({@code bubblewrap}). */
  protected boolean backgroundOutlivesItsCommand() {
    return true;
  }

  /** What a backend can check of a closed sandbox from outside: its processes and files are gone. */
  protected void assertClosed(Sandbox closed, String marker) throws Exception {}

  @Test
  void outputIsCappedAndTheRestDrained() throws Exception {
    ExecResult r = sandbox().exec("yes | head -c 10000000; echo; echo end", TEN_S);

    assertThat(r.exitCode()).isZero();
    assertThat(r.truncated()).isTrue();
    assertThat(r.output()).hasSize(100_000).startsWith("y\ny\n");
  }

  @Test
  void filesRoundTripAsBytesAndAsTextWithParentsCreated() throws Exception {
    Sandbox sb = sandbox();
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }

    sb.writeBytes("deep/er/all.bin", all);
    sb.writeFile("notes.txt", "grüße\n");
    sb.writeFile("notes.txt", "grüße, again\n");

    assertThat(sb.readBytes("deep/er/all.bin")).isEqualTo(all);
    assertThat(sb.readFile("notes.txt")).isEqualTo("grüße, again\n");
    assertThat(sb.exec("cat notes.txt; wc -c < deep/er/all.bin", TEN_S).output()).isEqualTo("grüße, again\n256\n");
    sb.exec("printf 'made by a command' > made.txt", TEN_S);
    assertThat(sb.readFile("made.txt")).isEqualTo("made by a command");
  }

  @Test
  void homeAbsoluteAndRelativePathsNameTheSameFile() throws Exception {
    Sandbox sb = sandbox();
    sb.writeFile("~/a.txt", "one");

    assertThat(sb.readFile("a.txt")).isEqualTo("one");
    assertThat(sb.readFile(sb.workdir() + "/a.txt")).isEqualTo("one");
    assertThat(sb.readFile("sub/../a.txt")).isEqualTo("one");
    assertThatThrownBy(() -> sb.readFile(" ")).isInstanceOf(SandboxViolation.class);
  }

  @Test
  void aMissingFileAndAFolderAreTold() throws Exception {
    Sandbox sb = sandbox();
    sb.writeFile("dir/f.txt", "x");

    assertThatThrownBy(() -> sb.readFile("missing.txt")).isInstanceOf(NoSuchFileException.class).hasMessage("missing.txt");
    assertThatThrownBy(() -> sb.readFile("dir")).isInstanceOf(IOException.class).isNotInstanceOf(NoSuchFileException.class)
        .hasMessage("dir is a folder, not a file");
    assertThatThrownBy(() -> sb.writeFile("dir", "x")).hasMessage("dir is a folder, not a file");
  }

  @Test
  void listingGivesNamesTypesAndSizesSortedByName() throws Exception {
    Sandbox sb = sandbox();
    sb.writeFile("box/b.txt", "12345");
    sb.writeFile("box/.hidden", "");
    sb.writeFile("box/a dir/x", "x");
    sb.writeFile("box/c*", "?");

    assertThat(sb.list("box")).containsExactly(new SandboxFile(".hidden", false, 0), new SandboxFile("a dir", true, 0),
        new SandboxFile("b.txt", false, 5), new SandboxFile("c*", false, 1));
    assertThat(sb.list("box/a dir")).containsExactly(new SandboxFile("x", false, 1));
    assertThatThrownBy(() -> sb.list("nope")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> sb.list("box/b.txt")).isInstanceOf(NotDirectoryException.class);
  }

  @Test
  void anEmptyFolderListsNothing() throws Exception {
    Sandbox sb = sandbox();
    sb.exec("mkdir empty", TEN_S);

    assertThat(sb.list("empty")).isEmpty();
  }

  @Test
  void searchFindsLinesInPathOrderSkippingBinaryFiles() throws Exception {
    Sandbox sb = sandbox();
    sb.writeFile("src/b.py", "x = 1\nneedle = 2\n");
    sb.writeFile("src/a.py", "needle\n");
    sb.writeFile("src/a-b.txt", "a needle here\n");
    sb.writeFile("src/sub/c.py", "no\nstill no\nneedle at 3\n");
    sb.writeBytes("src/bin.dat", new byte[] {'n', 'e', 'e', 'd', 'l', 'e', (byte) 0xff, (byte) 0xfe});

    assertThat(sb.search(Pattern.compile("needle"), "src", null).matches()).containsExactly(
        "src/a-b.txt:1: a needle here", "src/a.py:1: needle", "src/b.py:2: needle = 2", "src/sub/c.py:3: needle at 3");
    assertThat(sb.search(Pattern.compile("need+le"), ".", "*.py").matches()).containsExactly(
        "src/a.py:1: needle", "src/b.py:2: needle = 2", "src/sub/c.py:3: needle at 3");
    assertThat(sb.search(Pattern.compile("needle"), "src/b.py", null).matches()).containsExactly("src/b.py:2: needle = 2");
    assertThatThrownBy(() -> sb.search(Pattern.compile("x"), "nope", null)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void searchStopsAtTheMatchLimitAndSkipsHugeFiles() throws Exception {
    Sandbox sb = sandbox();
    sb.writeFile("many.txt", "hit\n".repeat(TextSearch.MAX_MATCHES + 5));
    sb.exec("mkdir big && (echo hit; head -c " + TextSearch.MAX_FILE_BYTES + " /dev/zero | tr '\\0' 'x') > big/huge.txt", TEN_S);

    SearchResult all = sb.search(Pattern.compile("hit"), ".", null);
    SearchResult huge = sb.search(Pattern.compile("hit"), "big", null);

    assertThat(all.matches()).hasSize(TextSearch.MAX_MATCHES).allMatch(m -> m.startsWith("many.txt:"));
    assertThat(all.truncated()).isTrue();
    assertThat(huge.matches()).isEmpty();
    assertThat(huge.truncated()).isFalse();
  }

  @Test
  void foldersUploadAndDownloadWithEverythingInThem() throws Exception {
    Sandbox sb = sandbox();
    Path tree = host.resolve("tree");
    Files.createDirectories(tree.resolve("a/b"));
    Files.createDirectories(tree.resolve("empty"));
    Files.writeString(tree.resolve("top.txt"), "top");
    Files.write(tree.resolve("a/b/bytes.bin"), new byte[] {0, 1, 2, (byte) 255});
    Path script = Files.writeString(tree.resolve("a/run.sh"), "#!/bin/sh\necho ran\n");
    script.toFile().setExecutable(true);

    sb.upload(tree, "up/loaded");
    sb.upload(tree.resolve("top.txt"), "single/copy.txt");

    assertThat(sb.exec("find up -print | sort; ./up/loaded/a/run.sh", TEN_S).output()).isEqualTo(
        "up\nup/loaded\nup/loaded/a\nup/loaded/a/b\nup/loaded/a/b/bytes.bin\nup/loaded/a/run.sh\nup/loaded/empty\nup/loaded/top.txt\nran\n");
    assertThat(sb.readFile("single/copy.txt")).isEqualTo("top");

    sb.download("up/loaded", host.resolve("back"));
    sb.download("single/copy.txt", host.resolve("one/file.txt"));

    assertThat(Files.readAllBytes(host.resolve("back/a/b/bytes.bin"))).isEqualTo(new byte[] {0, 1, 2, (byte) 255});
    assertThat(Files.readString(host.resolve("back/top.txt"))).isEqualTo("top");
    assertThat(host.resolve("back/empty")).isDirectory();
    assertThat(Files.isExecutable(host.resolve("back/a/run.sh"))).isTrue();
    assertThat(Files.readString(host.resolve("one/file.txt"))).isEqualTo("top");
    assertThatThrownBy(() -> sb.download("nope", host.resolve("x"))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> sb.upload(host.resolve("absent"), "x")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void twoSandboxesOfOneProviderShareNothing() throws Exception {
    Sandbox one = sandbox();
    Sandbox two = provider.create("task/2", spec());
    one.writeFile("mine.txt", "one");
    one.putEnv("WHO", "one");

    assertThatThrownBy(() -> two.readFile("mine.txt")).isInstanceOf(NoSuchFileException.class);
    assertThat(two.exec("echo ${WHO:-nobody}", TEN_S).output()).isEqualTo("nobody\n");
  }

  @Test
  void commandsOfOneTurnRunAtOnce() throws Exception {
    Sandbox sb = sandbox();
    List<Callable<ExecResult>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int n = i;
      calls.add(() -> sb.exec("sleep 0.5; echo " + n + " > f" + n + "; cat f" + n, TEN_S));
    }
    List<String> outputs = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<ExecResult> f : pool.invokeAll(calls)) {
        outputs.add(f.get().output());
      }
    }

    assertThat(outputs).containsExactly("0\n", "1\n", "2\n", "3\n");
    assertThat(sb.list(".")).extracting(SandboxFile::name).containsExactly("f0", "f1", "f2", "f3");
  }

  @Test
  void closingTheProviderClosesItsSandboxes() throws Exception {
    Sandbox sb = sandbox();
    provider.close();

    assertThatThrownBy(() -> sb.exec("true", TEN_S)).isInstanceOf(IllegalStateException.class);
    provider = null;
  }
}
