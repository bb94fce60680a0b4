package faasrl.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend promises, run against each ({@code SimClusterContractTest},
 * {@code LocalClusterContractTest}, {@code KnativeClusterContractTest}): callees deploy first and
 * removal keeps them while called, a function that is not deployed is refused with one error, a
 * catalog deploys all or nothing, and the step metrics mean the same everywhere. Kept light for the
 * local backend, whose replicas are real processes: a handful of replicas and 2 s of load.
 */
public abstract class ClusterContract {
  protected static final Catalog SHOP = Catalog.onlineShop();
  private Cluster cluster;

  /** A fresh, started cluster of the backend under test; the contract closes it. */
  protected abstract Cluster start();

  /** The backend's name, as {@link Cluster#backend()} reports it. */
  protected abstract String backend();

  /** A spec this backend refuses before starting anything (e.g. one it has no implementation for). */
  protected abstract FunctionSpec refused();

  protected final Cluster cluster() {
    if (cluster == null) {
      cluster = start();
    }
    return cluster;
  }

  @AfterEach void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test void itNamesItsBackend() {
    assertThat(cluster().backend()).isEqualTo(backend());
  }

  @Test void aCallerNeedsItsCalleesFirstAndKeepsThemWhileItCallsThem() {
    Cluster c = cluster();
    assertThatThrownBy(() -> c.deploy(SHOP.get("recommendationservice"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function 'recommendationservice' calls 'productcatalogservice', which is not deployed: "
            + "deploy it first");
    assertThat(c.functions()).isEmpty();

    c.deploy(SHOP.closure(List.of("recommendationservice")), ScalingConfig.defaults()).awaitReady();
    assertThat(c.functions()).as("callees first").containsExactly("productcatalogservice", "recommendationservice");

    assertThatThrownBy(() -> c.remove("productcatalogservice")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot remove 'productcatalogservice': 'recommendationservice' calls it; remove that first");
    assertThat(c.functions()).containsExactly("productcatalogservice", "recommendationservice");
    c.remove("recommendationservice").remove("productcatalogservice");
    assertThat(c.functions()).isEmpty();
  }

  @Test void aFunctionThatIsNotDeployedIsRefusedWithOneError() {
    Cluster c = cluster();
    String expected = "function 'adservice' is not deployed (nothing is deployed)";
    assertThatThrownBy(() -> c.config("adservice")).isInstanceOf(NotDeployedException.class).hasMessage(expected);
    assertThatThrownBy(() -> c.scale("adservice", ScalingConfig.defaults()))
        .isInstanceOf(NotDeployedException.class).hasMessage(expected);
    assertThatThrownBy(() -> c.remove("adservice")).isInstanceOf(NotDeployedException.class).hasMessage(expected);
    assertThatThrownBy(() -> c.run(Load.of("adservice", LoadPattern.constant(10)).seconds(1)))
        .isInstanceOf(NotDeployedException.class).hasMessage(expected);
  }

  @Test void aCatalogDeploysAllOrNothing() {
    Cluster c = cluster();
    FunctionSpec bad = refused();
    assertThatThrownBy(() -> c.deploy(Catalog.of(SHOP.get("currencyservice"), bad), ScalingConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.name());
    assertThat(c.functions()).as("nothing half-applied").isEmpty();
    assertThatThrownBy(() -> c.config("currencyservice")).isInstanceOf(NotDeployedException.class);
  }

  @Test void aClosedClusterRefusesWork() {
    Cluster c = cluster();
    c.close();
    c.close(); // idempotent
    assertThatThrownBy(() -> c.deploy(SHOP.get("adservice"))).isInstanceOf(IllegalStateException.class)
        .hasMessage("this " + backend() + " cluster is closed");
  }

  /**
   * The step's figures: counts add up, the limit is the pods' limits summed over the step, use stays
   * within it, and the configuration and replicas are the ones asked. Bounds allow a busy machine.
   */
  @Test void stepMetricsMeanTheSameOnEveryBackend() {
    Cluster c = cluster();
    ScalingConfig asked = ScalingConfig.defaults().cpuMillicores(500).replicas(2);
    c.deploy(SHOP.get("currencyservice"), asked).awaitReady();
    StepResult r = c.run(Load.of("currencyservice", LoadPattern.constant(20)).seconds(2)
        .deadline(Duration.ofSeconds(30)));

    assertThat(r.length()).isEqualTo(Duration.ofSeconds(2));
    FunctionMetrics m = r.function("currencyservice");
    assertThat(m.config()).isEqualTo(asked);
    assertThat(m.askedRps()).isEqualTo(20);
    assertThat(m.issued()).as("%s", m).isBetween(35L, 45L);
    assertThat(m.completed() + m.failed() + m.inFlight()).as("issued = completed + failed + in flight")
        .isEqualTo(m.issued());
    assertThat(m.cpuLimitCores()).as("2 pods x 0.5 cores for the whole step").isCloseTo(1.0, within(1e-6));
    assertThat(m.cpuUsedCores()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(m.cpuLimitCores() * 1.1);
    assertThat(m.throttledPeriods()).isBetween(0L, Math.max(0, m.periods()));
    assertThat(m.readyReplicas()).isEqualTo(2);
    assertThat(c.config("currencyservice")).isEqualTo(asked);
  }
}
