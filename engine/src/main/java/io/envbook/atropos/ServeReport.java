package io.envbook.atropos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code serve} run did, for its last line and for tests. Every group taken from the
 * dataset ends in exactly one of: sent, skipped (equal scores), dropped (too long for the trainer,
 * or not of the group size), refused or unsent (both kept in {@link #unsentFile}), failed, or
 * abandoned (still running when the stop's drain time ran out).
 */
public record ServeReport(int sent, int rolloutsSent, int skippedEqualScores, int droppedTooLong, int trainerMaxTokenLen,
    int refused, int unsentAtStop, Path unsentFile, int failed, int abandoned, int cancelledForEvaluation, int evaluations,
    int registrations, int datasetPasses) {

  /** One line: {@code serve: sent 12 groups (36 rollouts); skipped 2 with equal scores; ...}. */
  public String line() {
    List<String> parts = new ArrayList<>();
    parts.add("sent " + sent + (sent == 1 ? " group" : " groups") + " (" + rolloutsSent + " rollouts)");
    if (skippedEqualScores > 0) {
      parts.add("skipped " + skippedEqualScores + " with equal scores");
    }
    if (droppedTooLong > 0) {
      parts.add("dropped " + droppedTooLong + " with a sequence of the trainer's max_token_len (" + trainerMaxTokenLen + ") or more");
    }
    if (refused + unsentAtStop > 0) {
      parts.add(refused + " refused by the API and " + unsentAtStop + " unposted at the stop, kept in " + unsentFile);
    }
    if (failed > 0) {
      parts.add(failed + " failed");
    }
    if (abandoned > 0) {
      parts.add(abandoned + " still running at the stop, abandoned");
    }
    if (cancelledForEvaluation > 0) {
      parts.add(cancelledForEvaluation + " cancelled for an evaluation and run again");
    }
    if (evaluations > 0) {
      parts.add(evaluations + (evaluations == 1 ? " evaluation" : " evaluations"));
    }
    if (registrations > 1) {
      parts.add("registered " + registrations + " times (the API restarted)");
    }
    if (datasetPasses > 1) {
      parts.add(datasetPasses + " passes over the dataset");
    }
    return "serve: " + String.join("; ", parts);
  }
}
