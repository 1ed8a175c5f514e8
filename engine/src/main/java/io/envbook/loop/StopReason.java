package io.envbook.loop;

/** Why an agent loop ended. Only {@link #NATURAL} means the model finished on its own. */
public enum StopReason {
  /** The model answered without calling a tool. */
  NATURAL,
  /** The turn limit was reached. */
  MAX_TURNS,
  /** The token limit was reached. */
  MAX_TOKENS,
  /** The wall-time limit was reached. */
  TIMEOUT,
  /** The model call failed after its retries, or returned nothing usable. */
  MODEL_ERROR,
  /** The thread running the loop was interrupted (a cancelled run or a kernel interrupt). */
  INTERRUPTED
}
