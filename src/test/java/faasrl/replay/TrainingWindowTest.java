package faasrl.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Agents train on minutes outside the replayed window: before it if enough, else after, else the larger side. */
class TrainingWindowTest {
  @Test void theMinutesJustBeforeTheWindowWhenThereAreEnough() {
    TrainingWindow w = TrainingWindow.choose(481, 60, 1440, 106);
    assertThat(w).isEqualTo(new TrainingWindow(375, 106));
    assertThat(w.to()).isEqualTo(480);
  }

  @Test void theMinutesAfterTheWindowWhenTooFewComeBefore() {
    assertThat(TrainingWindow.choose(1, 60, 1440, 106)).isEqualTo(new TrainingWindow(61, 106));
    assertThat(TrainingWindow.choose(50, 60, 1440, 106)).isEqualTo(new TrainingWindow(110, 106));
  }

  @Test void theLargerSideRepeatedWhenNeitherHoldsEnough() {
    assertThat(TrainingWindow.choose(11, 20, 40, 106)).isEqualTo(new TrainingWindow(1, 10));
    assertThat(TrainingWindow.choose(5, 20, 40, 106)).isEqualTo(new TrainingWindow(25, 16));
    assertThat(TrainingWindow.choose(21, 20, 40, 106)).isEqualTo(new TrainingWindow(1, 20));
  }

  @Test void neverAReplayedMinute() {
    for (int from = 1; from <= 30; from++) {
      for (int minutes = 1; from + minutes - 1 <= 40; minutes++) {
        if (minutes == 40) {
          continue;
        }
        TrainingWindow w = TrainingWindow.choose(from, minutes, 40, 7);
        assertThat(w.to() < from || w.from() > from + minutes - 1).as("%s for %d+%d", w, from, minutes).isTrue();
        assertThat(w.from()).isGreaterThanOrEqualTo(1);
        assertThat(w.to()).isLessThanOrEqualTo(40);
      }
    }
  }

  @Test void aReplayOfTheWholeTraceLeavesNothingToTrainOn() {
    assertThatThrownBy(() -> TrainingWindow.choose(1, 40, 40, 7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves none to train the agents on").hasMessageContaining("--agent DIR");
  }

  @Test void cutTakesTheWindowsCountsOutOfAWholeRow() {
    int[] day = {5, 6, 7, 8, 9};
    assertThat(new TrainingWindow(2, 3).cut(day)).containsExactly(6, 7, 8);
    assertThatThrownBy(() -> new TrainingWindow(4, 3).cut(day)).isInstanceOf(IllegalArgumentException.class);
  }
}
