package io.envbook.sandbox;

import java.util.List;

/**
 * What {@link Sandbox#search} found: matching lines as {@code path:line: text}, in path order, and
 * whether the search stopped at {@link TextSearch#MAX_MATCHES}.
 */
public record SearchResult(List<String> matches, boolean truncated) {
  public SearchResult {
    matches = List.copyOf(matches);
  }
}
