package faasrl.replay;

import java.util.Locale;

/**
 * The trace minutes agents train on before a replay: never one of the replayed minutes, so the
 * replay measures what they learnt, not what they saw. By default the minutes just before the
 * replayed window if there are enough, otherwise those just after it; if neither side holds as many
 * minutes as the training would use, the larger side, repeated. Immutable.
 *
 * <!-- given: int[] day -->
 * <pre>{@code
 * TrainingWindow w = TrainingWindow.choose(481, 60, 1440, 105);   // minutes 376..480
 * int[] counts = w.cut(day);                                       // day: a row's 1440 counts
 * }</pre>
 *
 * @param from    first trace minute (from 1)
 * @param minutes minutes in the window
 */
public record TrainingWindow(int from, int minutes) {
  public TrainingWindow {
    if (from < 1 || minutes < 1) {
      throw new IllegalArgumentException("a training window starts at minute >= 1 and has >= 1 minutes, was "
          + minutes + " from " + from);
    }
  }

  /**
   * The window to train on for a replay of {@code replayMinutes} from {@code replayFrom} in a
   * trace of {@code traceMinutes}, when training would use {@code wanted} minutes.
   *
   * @throws IllegalArgumentException if the replay covers the whole trace (nothing is left to train on)
   */
  public static TrainingWindow choose(int replayFrom, int replayMinutes, int traceMinutes, int wanted) {
    int end = replayFrom + replayMinutes - 1;
    if (replayFrom < 1 || replayMinutes < 1 || end > traceMinutes || wanted < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "a replay of minutes %d..%d does not fit a "
          + "trace of %d minutes", replayFrom, end, traceMinutes));
    }
    int before = replayFrom - 1, after = traceMinutes - end;
    if (before >= wanted) {
      return new TrainingWindow(replayFrom - wanted, wanted);
    }
    if (after >= wanted) {
      return new TrainingWindow(end + 1, wanted);
    }
    if (before == 0 && after == 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--scaler dqn-multi: the replay covers every "
          + "minute of the trace (1..%d), which leaves none to train the agents on: replay fewer minutes "
          + "(--from, --minutes) or load trained agents with --agent DIR", traceMinutes));
    }
    return before >= after ? new TrainingWindow(1, before) : new TrainingWindow(end + 1, after);
  }

  /** Last trace minute of the window. */
  public int to() {
    return from + minutes - 1;
  }

  /** The window's counts out of a whole row of the trace ({@code day[0]} is minute 1). */
  public int[] cut(int[] day) {
    if (to() > day.length) {
      throw new IllegalArgumentException("the training window " + this + " ends after the trace's " + day.length
          + " minutes");
    }
    return java.util.Arrays.copyOfRange(day, from - 1, to());
  }

  @Override public String toString() {
    return "minutes " + from + ".." + to();
  }
}
