package faasrl.rl;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's updater for a network that only {@code fit} trains, without the detour DL4J takes on every
 * update.
 *
 * <p>DL4J 1.0.0-M2.1's {@code DefaultGradient.gradient()} returns a new reshaped view on every call,
 * so {@code BaseMultiLayerUpdater.update} never recognises the network's own gradient and takes its
 * "external gradient" path, which slices two views per parameter and per updater block, before and
 * after the optimiser: about 110 short-lived arrays per update of a 3-layer network, each with a
 * native buffer that ND4J frees only after the collector has seen it die. Handing the updater the
 * network's own flattened gradient view takes the standard path: the same operations on the same
 * memory, so training is bit-identical (OwnGradientUpdaterTest checks it).
 */
final class OwnGradientUpdater extends MultiLayerUpdater {
  /**
   * Installs this updater on {@code net}; {@code state} is the optimiser state to continue from (a
   * restored network's), or null for a fresh one.
   */
  static void install(MultiLayerNetwork net, INDArray state) {
    net.setUpdater(new OwnGradientUpdater(net, state));
  }

  private OwnGradientUpdater(MultiLayerNetwork net, INDArray state) {
    super(net, state);
  }

  @Override public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
      LayerWorkspaceMgr workspaceMgr) {
    super.update(new Own(gradient, getFlattenedGradientsView()), iteration, epoch, batchSize, workspaceMgr);
  }

  /** The network's gradient, whose flattened form is the network's own gradient view. */
  private static final class Own extends DefaultGradient {
    private final INDArray view;

    Own(Gradient of, INDArray view) {
      super(view);
      this.view = view;
      of.gradientForVariable().forEach((name, g) -> setGradientFor(name, g, of.flatteningOrderForVariable(name)));
    }

    @Override public INDArray gradient() {
      return view;
    }
  }
}
