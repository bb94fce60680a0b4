package faasrl.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

  @Test
  void onlineShopHasTheNineVswarmFunctions() {
    Catalog shop = Catalog.onlineShop();
    assertThat(shop.names()).containsExactly("adservice", "cartservice", "currencyservice",
        "emailservice", "paymentservice", "productcatalogservice", "shippingservice",
        "recommendationservice", "checkoutservice");
    assertThat(shop.get("checkoutservice").calls()).hasSize(6);
    assertThat(shop.get("recommendationservice").calls()).containsExactly("productcatalogservice");
    for (FunctionSpec s : shop.specs()) {
      assertThat(s.cpu().mean()).as(s.name()).isPositive();
      assertThat(s.coldStart()).as(s.name()).isPositive();
      assertThat(s.source()).as(s.name()).isNotBlank();
    }
  }

  @Test
  void unknownFunctionNamesTheKnownOnes() {
    assertThatThrownBy(() -> Catalog.onlineShop().get("nosuch"))
        .isInstanceOf(UnknownFunctionException.class)
        .hasMessageContaining("unknown function 'nosuch'")
        .hasMessageContaining("adservice");
  }

  @Test
  void pureQueueZeroesEveryOverhead() {
    FunctionSpec q = Catalog.onlineShop().get("cartservice").pureQueue();
    assertThat(q.overheadMicros()).isZero();
    assertThat(q.io().mean()).isZero();
    assertThat(q.coldStart()).isZero();
    assertThat(q.calls()).isEmpty();
    assertThat(q.cpu()).isEqualTo(Catalog.onlineShop().get("cartservice").cpu());
  }

  @Test
  void userAddsAFunctionFromAFileWithAnEmpiricalCsv(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("samples.csv"), "cpu_us\n100\n200\n300\n");
    Files.writeString(dir.resolve("f.yaml"), """
        name: thumbnail
        cpu: {type: empirical, csv: samples.csv}
        io: 250
        overhead_us: 400
        cold_start_ms: 1200
        memory_mib: 128
        calls: [adservice]
        """);
    Catalog c = Catalog.onlineShop().with(FunctionSpecReader.read(dir.resolve("f.yaml")));
    FunctionSpec f = c.get("thumbnail");
    assertThat(f.cpu().mean()).isEqualTo(200.0);
    assertThat(f.cpu().sample(new SplittableRandom(1))).isIn(100.0, 200.0, 300.0);
    assertThat(f.io().mean()).isEqualTo(250.0);
    assertThat(f.coldStart().toMillis()).isEqualTo(1200);
    assertThat(c.size()).isEqualTo(10);
  }

  @Test
  void malformedProfilesGetOneClearMessage(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "name: x\ncpu: {type: gamma, mean_us: 3}\n");
    assertThatThrownBy(() -> Catalog.load(dir.resolve("bad.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yaml").hasMessageContaining("'x'")
        .hasMessageContaining("unknown distribution type 'gamma'");
    Files.writeString(dir.resolve("neg.yaml"), "name: y\ncpu: {type: exponential, mean_us: -3}\n");
    assertThatThrownBy(() -> Catalog.load(dir.resolve("neg.yaml")))
        .hasMessageContaining("'y'").hasMessageContaining("-3");
    Files.writeString(dir.resolve("syntax.yaml"), "name: [unclosed\n");
    assertThatThrownBy(() -> Catalog.load(dir.resolve("syntax.yaml")))
        .hasMessageContaining("malformed function profile");
    Files.writeString(dir.resolve("typo.yaml"), "name: z\ncpu: 100\ncold_start: 5\n");
    assertThatThrownBy(() -> Catalog.load(dir.resolve("typo.yaml")))
        .hasMessageContaining("unknown field 'cold_start'");
    Files.writeString(dir.resolve("calls.yaml"), "name: w\ncpu: 100\ncalls: [ghost]\n");
    assertThatThrownBy(() -> Catalog.load(dir.resolve("calls.yaml")))
        .hasMessageContaining("calls 'ghost'");
  }

  @Test
  void everyDurationAndMeanHasAStatedRange() {
    String[][] cases = {
        {"cpu: {type: exponential, mean_us: 1e16}", "exponential mean (us) must be 0..3600000000, was 1.0E16"},
        {"cpu: {type: lognormal, mean_us: 1e250, cv: 0.5}", "lognormal mean (us) must be 0..3600000000"},
        {"cpu: {type: lognormal, mean_us: 100, cv: 1e9}", "lognormal cv must be 0..100"},
        {"cpu: 1e16", "deterministic value (us) must be 0..3600000000"},
        {"cpu: {type: empirical, samples_us: [1, 1e300]}", "empirical sample (us) must be 0..3600000000"},
        {"cpu: 100\nio: {type: deterministic, value_us: 1e16}", "field 'io'"},
        {"cpu: 100\noverhead_us: 1e16", "overhead_us must be 0..3600000000"},
        {"cpu: 100\ncold_start_ms: 1e300", "'cold_start_ms' must be 0..3600000"},
        {"cpu: 100\nmemory_mib: 1e16", "'memory_mib' must be a whole number 0..1048576"},
        {"cpu: 100\nparallelism: 2.5", "'parallelism' must be a whole number 0..100000"},
    };
    for (String[] c : cases) {
      String text = "name: x\n" + c[0].replace("\\n", "\n") + "\n";
      assertThatThrownBy(() -> FunctionSpecReader.parse(text, "p.yaml", null)).as(c[0])
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("p.yaml function 'x'")
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void deploysCalleesFirstWhateverTheFileOrderAndNamesACycle() {
    Catalog c = Catalog.of(FunctionSpec.builder("a").cpu(Distribution.deterministic(1)).calls(List.of("b")).build(),
        FunctionSpec.builder("c").cpu(Distribution.deterministic(1)).build(),
        FunctionSpec.builder("b").cpu(Distribution.deterministic(1)).calls(List.of("c")).build());
    assertThat(c.names()).containsExactly("c", "b", "a");
    assertThat(Catalog.onlineShop().names()).as("a file already in order stays in order").startsWith("adservice")
        .endsWith("checkoutservice");
    assertThatThrownBy(() -> Catalog.of(
        FunctionSpec.builder("a").cpu(Distribution.deterministic(1)).calls(List.of("b")).build(),
        FunctionSpec.builder("b").cpu(Distribution.deterministic(1)).calls(List.of("c")).build(),
        FunctionSpec.builder("c").cpu(Distribution.deterministic(1)).calls(List.of("a")).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("call cycle a -> b -> c -> a");
  }

  @Test
  void distributionsHaveTheirMeans() {
    SplittableRandom rng = new SplittableRandom(42);
    for (Distribution d : new Distribution[] {Distribution.exponential(500),
        Distribution.lognormal(500, 0.6), Distribution.deterministic(500)}) {
      double sum = 0;
      int n = 200_000;
      for (int i = 0; i < n; i++) {
        sum += d.sample(rng);
      }
      assertThat(sum / n).as(d.type()).isCloseTo(500.0, org.assertj.core.data.Percentage.withPercentage(1.5));
    }
  }
}
