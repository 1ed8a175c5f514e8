package io.envbook.kernel.groovy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The class path a Groovy session compiles against answers its repeated look-ups once. */
class KernelClassPathTest {
  private final ClassLoader parent = KernelClassPathTest.class.getClassLoader();
  private final KernelClassPath classPath = new KernelClassPath(parent);

  @Test
  void theGlobalTransformListsReadOnceSayWhatTheJarsSay() throws Exception {
    List<String> inJars = contents(Collections.list(parent.getResources(KernelClassPath.GLOBAL_TRANSFORMS)));

    assertThat(inJars).isNotEmpty();
    assertThat(contents(Collections.list(classPath.getResources(KernelClassPath.GLOBAL_TRANSFORMS)))).isEqualTo(inJars);
  }

  @Test
  void theBeanInfoOfACellScriptIsNeverLookedFor() {
    assertThatThrownBy(() -> Class.forName("cell12BeanInfo", false, classPath)).isInstanceOf(ClassNotFoundException.class);
    assertThat(KernelClassPath.isCellBeanInfo("sun.beans.infos.cell3BeanInfo")).isTrue();
    assertThat(KernelClassPath.isCellBeanInfo("cell3Customizer")).isTrue();
  }

  @Test
  void otherClassesAreFoundAsBefore() throws Exception {
    assertThat(KernelClassPath.isCellBeanInfo("cellarBeanInfo")).isFalse();
    assertThat(KernelClassPath.isCellBeanInfo("java.beans.SimpleBeanInfo")).isFalse();
    assertThat(Class.forName("java.beans.SimpleBeanInfo", false, classPath)).isSameAs(java.beans.SimpleBeanInfo.class);
    assertThat(Class.forName(KernelScript.class.getName(), false, classPath)).isSameAs(KernelScript.class);
  }

  private static List<String> contents(List<URL> files) throws Exception {
    List<String> out = new ArrayList<>();
    for (URL file : files) {
      try (InputStream in = file.openStream()) {
        out.add(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
