package io.envbook.rollout;

/** Identifies a rollout within a run: the item's position, its id, and the sample index in its group. */
public record RolloutKey(int itemIndex, String itemId, int sample) {
  @Override
  public String toString() {
    return itemIndex + ":" + itemId + "#" + sample;
  }
}
