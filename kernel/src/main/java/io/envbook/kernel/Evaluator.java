package io.envbook.kernel;

import java.util.List;
import java.util.Map;

/**
 * A language behind the kernel: runs cells with state kept between them, completes, inspects and
 * judges whether code is complete. Cursor positions are Java string indexes (the kernel converts the
 * protocol's code points).
 */
public interface Evaluator {

  /** Runs a cell and returns the value of its last expression, or {@link #NO_RESULT}. */
  Object eval(String code) throws Exception;

  Completion complete(String code, int cursor);

  /** A MIME bundle describing what is at the cursor, or {@code null} when nothing is known. */
  Map<String, Object> inspect(String code, int cursor);

  /** {@code complete}, {@code incomplete}, {@code invalid} or {@code unknown}. */
  String isComplete(String code);

  /** The {@code language_info} of the kernel_info reply. */
  Map<String, Object> languageInfo();

  /** What an error looks like to the user: a name, a one-line value, and traceback lines. */
  ErrorReport describe(Throwable t);

  /** Stops what the cell is doing (a tight loop too); called from another thread. */
  void interrupt(Thread cellThread);

  Object NO_RESULT = new Object() {
    @Override
    public String toString() {
      return "(no result)";
    }
  };

  /** Completion matches replacing the text from {@code start} to {@code end}. */
  record Completion(List<String> matches, int start, int end) {}

  /** An error as the Jupyter protocol shows it. */
  record ErrorReport(String ename, String evalue, List<String> traceback) {}
}
