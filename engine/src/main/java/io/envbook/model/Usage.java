package io.envbook.model;

/** Token counts a model server reported for one call (zeros when it reported none). */
public record Usage(long promptTokens, long completionTokens) {
  public static final Usage NONE = new Usage(0, 0);

  public long total() {
    return promptTokens + completionTokens;
  }

  public Usage plus(Usage other) {
    return other == null ? this : new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
  }
}
