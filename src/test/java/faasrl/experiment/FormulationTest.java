package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.env.Observation;
import faasrl.env.ScalingEnv;
import faasrl.env.StateEncoders;
import faasrl.env.Termination;
import org.junit.jupiter.api.Test;

class FormulationTest {
  private final Setup setup = Setup.defaults();

  @Test void aVariantOfThePaperFormulationChangesOnlyWhatItSets() {
    try (Cluster raw = setup.cluster(0); Cluster variant = setup.cluster(0)) {
      ScalingEnv paper = Formulation.PAPER.evaluation(setup, raw, LoadPattern.poisson(200));
      ScalingEnv seesTheLoad = Formulation.paperVertical(setup, variant).encoder(StateEncoders.normalised())
          .load(LoadPattern.poisson(200)).termination(Termination.never()).build();

      Observation a = paper.reset();
      Observation b = seesTheLoad.reset();
      assertThat(a.state()).hasSize(5);
      assertThat(b.state()).hasSize(StateEncoders.NORMALISED_FEATURES);
      assertThat(b.config(setup.function())).isEqualTo(a.config(setup.function()))
          .isEqualTo(Formulation.PAPER_RESET);
      assertThat(seesTheLoad.spec().actions().size()).isEqualTo(paper.spec().actions().size()).isEqualTo(3);
      int raise = 2;
      assertThat(seesTheLoad.spec().actions().describe(raise)).isEqualTo(paper.spec().actions().describe(raise))
          .endsWith("cpu+30");
      // the same step on the same cluster seed: the paper's reward, whatever the state
      assertThat(seesTheLoad.step(seesTheLoad.action(raise, b)).reward())
          .isEqualTo(paper.step(paper.action(raise, a)).reward());
    }
  }
}
