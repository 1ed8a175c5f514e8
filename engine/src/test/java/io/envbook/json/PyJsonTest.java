package io.envbook.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected strings are what CPython 3.11's json.dumps(..., ensure_ascii=False) prints. */
class PyJsonTest {
  @Test
  void separatorsAndTextAreAsPythonWritesThem() {
    assertThat(PyJson.dumps(Json.parse("{\"command\":\"ls -la\",\"n\":[1,2,{\"deep\":true}],\"x\":null}")))
        .isEqualTo("{\"command\": \"ls -la\", \"n\": [1, 2, {\"deep\": true}], \"x\": null}");
    assertThat(PyJson.dumps(Json.parse("{\"city\":\"Zürich 😀\",\"q\":\"a\\\"b\\\\c\\n\\u0001\"}")))
        .isEqualTo("{\"city\": \"Zürich 😀\", \"q\": \"a\\\"b\\\\c\\n\\u0001\"}");
  }

  @Test
  void floatsAreWrittenLikePythonRepr() {
    assertThat(PyJson.pythonFloat(1.0)).isEqualTo("1.0");
    assertThat(PyJson.pythonFloat(0.1)).isEqualTo("0.1");
    assertThat(PyJson.pythonFloat(1e-5)).isEqualTo("1e-05");
    assertThat(PyJson.pythonFloat(0.0001)).isEqualTo("0.0001");
    assertThat(PyJson.pythonFloat(1e16)).isEqualTo("1e+16");
    assertThat(PyJson.pythonFloat(123456.5)).isEqualTo("123456.5");
    assertThat(PyJson.pythonFloat(-2.5e-7)).isEqualTo("-2.5e-07");
    assertThat(PyJson.dumps(Json.parse("{\"t\":2.50}"))).isEqualTo("{\"t\": 2.5}");
  }
}
