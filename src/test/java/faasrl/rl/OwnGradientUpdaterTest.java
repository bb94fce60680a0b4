package faasrl.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OwnGradientUpdaterTest {

  /**
   * Forty fits of the same minibatches through DL4J's own updater and through ours leave the same
   * parameters and the same optimiser state, bit for bit: plain, dueling, and the paper's preset
   * (AMSGrad with weight decay, which the updater applies per parameter).
   */
  @ParameterizedTest @ValueSource(strings = {"plain", "dueling", "paper"})
  void trainsBitIdenticallyToDl4jsOwnPath(String kind) {
    DqnConfig c = switch (kind) {
      case "plain" -> DqnAgent.builder().hidden(16, 16).seed(3).config();
      case "dueling" -> DqnAgent.builder().hidden(16, 16).dueling(true).seed(3).config();
      default -> DqnAgent.paperVertical().hidden(16, 16).seed(3).config();
    };
    MultiLayerNetwork dl4j = DqnAgent.initialisedNetwork(c, 5, 3);
    MultiLayerNetwork own = DqnAgent.initialisedNetwork(c, 5, 3);
    OwnGradientUpdater.install(own, null);
    float[] initial = own.params().toFloatVector();
    Random rng = new Random(11);
    for (int i = 0; i < 40; i++) {
      INDArray x = random(rng, 8, 5);
      INDArray y = random(rng, 8, 3);
      dl4j.fit(x, y);
      own.fit(x, y);
    }
    assertThat(own.getUpdater()).isInstanceOf(OwnGradientUpdater.class);
    assertThat(own.params().toFloatVector()).isNotEqualTo(initial).containsExactly(dl4j.params().toFloatVector());
    assertThat(own.getUpdater().getStateViewArray().toFloatVector())
        .containsExactly(dl4j.getUpdater().getStateViewArray().toFloatVector());
  }

  private static INDArray random(Random rng, int rows, int columns) {
    float[] v = new float[rows * columns];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, columns}, 'c');
  }
}
