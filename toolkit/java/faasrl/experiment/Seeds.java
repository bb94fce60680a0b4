package faasrl.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed split of a multi-seed run. Replicate {@code r} trains (and tunes its baselines) on
 * clusters seeded with {@link #training(int)} = {@code base + r}, and is evaluated on a cluster
 * seeded with {@link #evaluation(long)} of that seed, {@link #EVALUATION_OFFSET} higher: no
 * evaluation seed is ever a training seed of any replicate, so no agent or tuned baseline has met
 * the evaluation arrivals and service times before.
 *
 * <pre>{@code
 * Seeds s = new Seeds(7, 3);       // trains on 7, 8, 9; evaluates on 1_000_000_007, ..._008, ..._009
 * long evalSeed = Seeds.evaluation(s.training(1));
 * }</pre>
 *
 * @param base  the first replicate's training seed (reproduce's {@code --seed})
 * @param count replicates (reproduce's {@code --seeds}: 5 in the full run, 3 in {@code --quick})
 */
public record Seeds(long base, int count) {
  /** How far an evaluation seed lies above its training seed; more than any run has replicates. */
  public static final long EVALUATION_OFFSET = 1_000_000_000L;

  /** Most replicates a run may have, far below {@link #EVALUATION_OFFSET} so the two sets never meet. */
  public static final int MAX_COUNT = 100;

  public Seeds {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("seeds must be 1.." + MAX_COUNT + ", was " + count);
    }
    if (base < 0 || base > Long.MAX_VALUE - EVALUATION_OFFSET - MAX_COUNT) {
      throw new IllegalArgumentException("seed must be >= 0 and below " + (Long.MAX_VALUE - EVALUATION_OFFSET
          - MAX_COUNT) + ", was " + base);
    }
  }

  /** The training (and tuning) seed of replicate {@code r}. */
  public long training(int r) {
    if (r < 0 || r >= count) {
      throw new IllegalArgumentException("replicate must be 0.." + (count - 1) + ", was " + r);
    }
    return base + r;
  }

  /** The evaluation cluster seed that belongs to training seed {@code trainingSeed}. */
  public static long evaluation(long trainingSeed) {
    return trainingSeed + EVALUATION_OFFSET;
  }

  /** Every training seed, in replicate order. */
  public List<Long> trainingSeeds() {
    List<Long> s = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      s.add(training(r));
    }
    return s;
  }

  /** Every evaluation seed, in replicate order. */
  public List<Long> evaluationSeeds() {
    return trainingSeeds().stream().map(Seeds::evaluation).toList();
  }
}
