package io.envbook.kernel.groovy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The kernel's class path as a Groovy session sees it, with two look-ups that every new cell repeats
 * answered once: the list of global AST transformations (Groovy reads it from every jar for each
 * compilation; the kernel's class path does not change, jars a cell adds are still read) and the
 * bean-info and customizer classes of cell scripts ({@code cell12BeanInfo}), which java.beans asks for
 * when Groovy builds a new cell's meta-class and which never exist.
 */
final class KernelClassPath extends ClassLoader {
  static final String GLOBAL_TRANSFORMS = "META-INF/services/org.codehaus.groovy.transform.ASTTransformation";
  private static final Pattern CELL_BEAN_INFO = Pattern.compile("(sun\\.beans\\.infos\\.)?cell\\d+(BeanInfo|Customizer)");
  private final List<URL> globalTransforms;

  KernelClassPath(ClassLoader parent) {
    super(parent);
    try {
      globalTransforms = read(parent.getResources(GLOBAL_TRANSFORMS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class path's " + GLOBAL_TRANSFORMS + ": " + e.getMessage(), e);
    }
  }

  /** True for the classes java.beans looks for beside a cell's script class. */
  static boolean isCellBeanInfo(String className) {
    return CELL_BEAN_INFO.matcher(className).matches();
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isCellBeanInfo(name)) {
      throw new ClassNotFoundException(name);
    }
    return super.loadClass(name, resolve);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return name.equals(GLOBAL_TRANSFORMS) ? Collections.enumeration(globalTransforms) : super.getResources(name);
  }

  /** Each file read into memory, behind a URL that still names where it came from. */
  private static List<URL> read(Enumeration<URL> files) throws IOException {
    List<URL> copies = new ArrayList<>();
    for (URL file : Collections.list(files)) {
      URLConnection connection = file.openConnection();
      connection.setUseCaches(false);
      byte[] content;
      try (InputStream in = connection.getInputStream()) {
        content = in.readAllBytes();
      }
      try {
        copies.add(URL.of(new URI("envbook-read-once", file.toString(), null), new InMemory(content)));
      } catch (URISyntaxException e) {
        throw new IOException("cannot name the copy of " + file + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(copies);
  }

  private static final class InMemory extends URLStreamHandler {
    private final byte[] content;

    InMemory(byte[] content) {
      this.content = content;
    }

    @Override
    protected URLConnection openConnection(URL url) {
      return new URLConnection(url) {
        @Override
        public void connect() {}

        @Override
        public InputStream getInputStream() {
          return new ByteArrayInputStream(content);
        }
      };
    }
  }
}
