package io.envbook.sandbox;

/** A run that makes N docker sandboxes (through the {@code docker} command {@link DockerCli} finds), says so, and waits to be killed. */
public final class DockerSandboxHolder {
  private DockerSandboxHolder() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    DockerSandboxProvider provider = new DockerSandboxProvider("debian:stable-slim");
    for (int i = 0; i < n; i++) {
      provider.create("held-" + i);
    }
    System.out.println("holding " + n + " sandboxes");
    System.out.flush();
    Thread.sleep(600_000);
  }
}
