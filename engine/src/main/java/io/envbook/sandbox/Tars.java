package io.envbook.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Tar streams between the host and a container sandbox: a host folder packed for {@code tar -x} in
 * the sandbox, and a sandbox folder unpacked on the host. Unpacking keeps regular files and folders
 * only, and refuses names that would land outside the target folder.
 */
final class Tars {
  private Tars() {}

  /** Packs the regular files and folders under {@code dir}, named relative to it. */
  static void write(Path dir, OutputStream out) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
         Stream<Path> tree = Files.walk(dir)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path p : tree.sorted().toList()) {
        if (p.equals(dir) || !(Files.isDirectory(p) || Files.isRegularFile(p))) {
          continue;
        }
        String name = dir.relativize(p).toString() + (Files.isDirectory(p) ? "/" : "");
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(Files.isDirectory(p) ? 0755 : Files.isExecutable(p) ? 0755 : 0644);
        entry.setModTime(Files.getLastModifiedTime(p));
        if (Files.isRegularFile(p)) {
          entry.setSize(Files.size(p));
        }
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(p)) {
          Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }

  /** Unpacks a tar stream into folder {@code into}, creating it. */
  static void extract(InputStream in, Path into) throws IOException {
    Files.createDirectories(into);
    Path target = into.toAbsolutePath().normalize();
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
      Path to = target.resolve(e.getName()).normalize();
      if (!to.startsWith(target)) {
        throw new IOException("the sandbox sent `" + e.getName() + "`, which lies outside " + into);
      }
      if (e.isDirectory()) {
        Files.createDirectories(to);
      } else if (e.isFile()) {
        Files.createDirectories(to.getParent());
        Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
        if ((e.getMode() & 0100) != 0) {
          to.toFile().setExecutable(true);
        }
      }
    }
  }

  /** Feeds the regular files of a tar stream made in folder {@code dir} to {@code search}. */
  static void search(InputStream in, String dir, String workdir, TextSearch search) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    for (TarArchiveEntry e = tar.getNextEntry(); e != null && !search.full(); e = tar.getNextEntry()) {
      if (!e.isFile()) {
        continue;
      }
      String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
      String fileName = name.substring(name.lastIndexOf('/') + 1);
      if (search.wants(fileName, e.getSize())) {
        String full = dir.equals("/") ? "/" + name : dir + "/" + name;
        search.add(TextSearch.shown(full, workdir), tar.readAllBytes());
      }
    }
  }
}
