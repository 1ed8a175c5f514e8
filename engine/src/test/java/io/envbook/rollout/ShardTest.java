package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.env.Item;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {
  private static Map<Integer, Item> items(int... positions) {
    Map<Integer, Item> m = new LinkedHashMap<>();
    for (int p : positions) {
      m.put(p, Item.of("item-" + p, Map.of()));
    }
    return m;
  }

  @Test
  void parsesIndexSlashCount() {
    assertThat(Shard.parse("1/4")).isEqualTo(new Shard(1, 4));
    assertThat(Shard.parse(" 0/1 ")).isEqualTo(new Shard(0, 1));
    assertThat(Shard.parse("3/4").fileTag()).isEqualTo("shard-3-of-4");
    assertThat(new Shard(2, 5)).hasToString("2/5");
  }

  @Test
  void anIndexOutsideTheShardsSaysTheyCountFromZero() {
    assertThatThrownBy(() -> Shard.parse("4/4")).hasMessage(
        "--shard 4/4 names no shard: the index counts from 0, so with 4 shards it is 0 to 3 (--shard 3/4 is the last)");
    assertThatThrownBy(() -> Shard.parse("-1/4")).hasMessageStartingWith("--shard -1/4 names no shard");
    assertThatThrownBy(() -> Shard.parse("0/0")).hasMessageContaining("the number of shards must be at least 1");
  }

  @Test
  void anythingButIndexSlashCountShowsTheForm() {
    for (String bad : List.of("x", "1", "1/", "/4", "1/4/2", "a/b", "")) {
      assertThatThrownBy(() -> Shard.parse(bad)).as(bad).hasMessage("--shard takes I/N, the shard's index counting from 0 and the number"
          + " of shards, e.g. --shard 0/4 for the first of four; got `" + bad + "`");
    }
  }

  @Test
  void theKthSelectedItemGoesToShardKModNWhateverItsDatasetPosition() {
    Map<Integer, Item> selected = items(3, 4, 10, 11, 12, 40, 41);
    assertThat(new Shard(0, 3).select(selected).keySet()).containsExactly(3, 11, 41);
    assertThat(new Shard(1, 3).select(selected).keySet()).containsExactly(4, 12);
    assertThat(new Shard(2, 3).select(selected).keySet()).containsExactly(10, 40);
  }

  @Test
  void everySelectedItemIsInExactlyOneShardAndItemsOfCountsThem() {
    for (int n = 1; n <= 5; n++) {
      for (int selected = 0; selected <= 12; selected++) {
        int[] positions = new int[selected];
        for (int i = 0; i < selected; i++) {
          positions[i] = 2 * i + 1;
        }
        Map<Integer, Item> all = items(positions);
        int total = 0;
        for (int i = 0; i < n; i++) {
          Shard s = new Shard(i, n);
          Map<Integer, Item> mine = s.select(all);
          assertThat(mine).hasSize(s.itemsOf(selected));
          total += mine.size();
        }
        assertThat(total).isEqualTo(selected);
      }
    }
  }

  @Test
  void aShardsRecordComesOffAgainAndNamesTheSelection() {
    Provenance whole = new Provenance(Map.of("name", "env"), Map.of("name", "scripted"), Map.of("group_size", "2"));
    Provenance recorded = new Shard(1, 4).record(whole, items(0, 1, 2));

    assertThat(recorded.run()).containsEntry("shard", "1/4").containsEntry("selected_items", "3").containsKey("selection_digest");
    assertThat(Shard.of(recorded)).isEqualTo(new Shard(1, 4));
    assertThat(Shard.of(whole)).isNull();
    assertThat(Shard.whole(recorded)).isEqualTo(whole);
    assertThat(new Shard(1, 4).record(whole, items(0, 1, 3)).differencesFrom(recorded))
        .singleElement().asString().startsWith("the selection digest changed from");
    assertThat(new Shard(2, 4).record(whole, items(0, 1, 2)).differencesFrom(recorded))
        .containsExactly("the shard changed from `1/4` to `2/4`");
  }
}
