package io.envbook.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr instead of a stack trace: usage mistakes exit 2 with a hint,
 * other failures exit 1 with their message. A rollout file another run wrote names {@code --fresh}
 * and {@code --out} as the ways out. Set {@code ENVBOOK_DEBUG=1} to see stack traces.
 */
final class UserErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("envbook: " + ex.getMessage());
    err.println("Try `" + cmd.getCommandSpec().qualifiedName() + " --help`.");
    return 2;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof InterruptedException) {
      err.println("envbook: interrupted");
      return 130;
    }
    if (ex instanceof io.envbook.rollout.ResumeMismatch m) {
      ex = m.withWaysOut("pass --fresh to start over, or another --out to keep both");
    }
    String msg = fileProblem(ex);
    msg = msg != null ? msg : ex.getMessage();
    err.println("envbook: " + (msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg));
    if ("1".equals(System.getenv("ENVBOOK_DEBUG"))) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ex instanceof UsageException || ex instanceof io.envbook.util.UserError ? 2 : 1;
  }

  /**
   * A sentence for the file-system failures whose own message is only a path ({@code /runs/x}), or
   * {@code null} for anything else.
   */
  static String fileProblem(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof java.nio.file.FileSystemException f) {
        String path = f.getFile();
        String other = f.getOtherFile() == null ? "" : " (and " + f.getOtherFile() + ")";
        if (f instanceof java.nio.file.FileAlreadyExistsException) {
          return path + other + " is in the way: a file is there where a folder or a new file is to go; move it or pass another path";
        }
        if (f instanceof java.nio.file.NoSuchFileException) {
          return path + other + " does not exist";
        }
        if (f instanceof java.nio.file.AccessDeniedException) {
          return "no permission to use " + path + other;
        }
        if (f instanceof java.nio.file.NotDirectoryException || "Not a directory".equals(f.getReason())) {
          return path + other + " goes through a file as if it were a folder: move the file or pass another path";
        }
        return null;
      }
    }
    return null;
  }
}
