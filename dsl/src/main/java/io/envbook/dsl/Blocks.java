package io.envbook.dsl;

import groovy.lang.Closure;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Which DSL block a script is running (the environment body, {@code limits}, ...), so an unknown
 * name can be reported with the words that block knows.
 */
final class Blocks {
  private final Deque<Block> open = new ArrayDeque<>();

  /** What a block calls its words and which words it has. */
  record Block(String kind, List<String> words) {}

  void run(String kind, List<String> words, Runnable body) {
    open.push(new Block(kind, words));
    try {
      body.run();
    } finally {
      open.pop();
    }
  }

  /** The innermost open block, or {@code null} at the top of the script. */
  Block current() {
    return open.peek();
  }

  /** Runs a closure with a delegate, delegate first, as its {@code @DelegatesTo} says. */
  static Object callWith(Closure<?> body, Object delegate, Object... args) {
    Closure<?> c = (Closure<?>) body.clone();
    c.setDelegate(delegate);
    c.setResolveStrategy(Closure.DELEGATE_FIRST);
    return c.call(args);
  }
}
