package io.envbook.sandbox;

import java.time.Duration;

/** A run that makes N local sandboxes, each leaving {@code sleep <marker>} in the background, says so, and waits to be killed. */
public final class LocalSandboxHolder {
  private LocalSandboxHolder() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    LocalSandboxProvider provider = new LocalSandboxProvider();
    for (int i = 0; i < n; i++) {
      provider.create("held-" + i).exec("sleep " + args[1] + " > /dev/null 2>&1 &", Duration.ofSeconds(30));
    }
    System.out.println("holding " + n + " sandboxes");
    System.out.flush();
    Thread.sleep(600_000);
  }
}
