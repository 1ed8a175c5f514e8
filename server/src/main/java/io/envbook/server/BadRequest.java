package io.envbook.server;

/**
 * A request the server will not carry out, with the HTTP status to answer and one sentence saying
 * what was wrong and what to send instead. The server goes on.
 */
final class BadRequest extends RuntimeException {
  private final int status;

  BadRequest(int status, String sentence) {
    super(sentence);
    this.status = status;
  }

  /** 422: the body is not what this endpoint takes. */
  static BadRequest invalid(String sentence) {
    return new BadRequest(422, sentence);
  }

  /** 404: no such episode. */
  static BadRequest unknownEpisode(String id) {
    return new BadRequest(404, "there is no episode `" + id + "`: it ended, was closed as idle, or never was; POST /reset opens one");
  }

  int status() {
    return status;
  }
}
