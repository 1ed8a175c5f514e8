package io.envbook.envs;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import java.util.List;

/**
 * A built-in environment whose items are a list known at setup: loaded once by {@link #loadItems()},
 * then handed out in order, from the start again after each {@link #setup()}.
 */
abstract class ItemListEnvironment implements Environment {
  private final EnvConfig config;
  private List<Item> items;
  private int next;

  ItemListEnvironment(EnvConfig config) {
    this.config = config;
  }

  /** The environment's items, in a stable order. Called once, at the first {@link #setup()}. */
  abstract List<Item> loadItems();

  @Override
  public EnvConfig config() {
    return config;
  }

  @Override
  public void setup() {
    if (items == null) {
      items = List.copyOf(loadItems());
    }
    next = 0;
  }

  @Override
  public Item nextItem() {
    if (items == null) {
      setup();
    }
    return next < items.size() ? items.get(next++) : null;
  }
}
