package faasrl.replay;

import faasrl.cluster.Cluster;
import faasrl.cluster.StepResult;
import java.time.Duration;

/**
 * A scaler that a trace replay runs between steps, on any backend: the replay cuts its minutes
 * into steps that end on the scaler's period, and after each period it decides from that step's
 * metrics, as a controller on its own clock does.
 */
interface StepScaler {
  /** How often it decides. */
  Duration period();

  /** Decides after {@code step}, which ended at {@code nowSeconds} of the replay, and scales {@code cluster}. */
  void decide(Cluster cluster, StepResult step, double nowSeconds);
}
