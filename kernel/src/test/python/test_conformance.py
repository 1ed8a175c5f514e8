"""jupyter_kernel_test against both envbook kernels (run by KernelConformanceTest with JUPYTER_PATH set)."""
import unittest

import jupyter_kernel_test


class GroovyKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "envbook-groovy"
    language_name = "groovy"
    file_extension = ".groovy"

    code_hello_world = "println 'hello, world'"
    code_stderr = "System.err.println('oops')"
    completion_samples = [{"text": "environm", "matches": {"environment"}}]
    complete_code_samples = ["1", "println 'hello'", "def f(x) { x * 2 }"]
    incomplete_code_samples = ["def f(x) {", "if (true) {\n  println 1"]
    invalid_code_samples = ["x = = 1", "def 1x = 2"]
    code_generate_error = "throw new IllegalStateException('broken on purpose')"
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'envbook'.toUpperCase()", "result": "ENVBOOK"},
        {"code": "html('<b>bold</b>')", "mime": "text/html"},
    ]
    code_display_data = [
        {"code": "display(html('<i>shown</i>'))", "mime": "text/html"},
        {"code": "display(markdown('**md**'))", "mime": "text/markdown"},
    ]
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 *"
    code_inspect_sample = "println"
    code_clear_output = "clearOutput()"
    code_page_something = "help('text')"


class JavaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "envbook-java"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'
    completion_samples = [{"text": "Integer.toHexStr", "matches": {"toHexString("}}]
    complete_code_samples = ["1", "int x = 1;", "void f() {}"]
    incomplete_code_samples = ["void f() {", "for (int i = 0; i < 3; i++) {"]
    invalid_code_samples = ["}", ")"]
    code_generate_error = 'throw new IllegalStateException("broken on purpose");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"envbook".toUpperCase()', "result": "ENVBOOK"},
        {"code": 'html("<b>bold</b>")', "mime": "text/html"},
    ]
    code_display_data = [
        {"code": 'display(html("<i>shown</i>"));', "mime": "text/html"},
    ]
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 *"
    code_inspect_sample = "Math.max("
    code_clear_output = "clearOutput(false);"
    code_page_something = 'help("text")'


if __name__ == "__main__":
    unittest.main()
