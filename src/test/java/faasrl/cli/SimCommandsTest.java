package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command-line contract of simulate, sweep and bench sim: columns, formats and exit codes. */
class SimCommandsTest {
  static final List<String> REQUIRED = List.of("p50_us", "p90_us", "p99_us", "p999_us", "issued", "completed",
      "failed", "asked_rps", "completed_rps", "cpu_idle", "cpu_user", "cpu_system", "mem_free");

  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void simulateCsvIsAHeaderAndOneRowWithTheContractColumns() {
    Run r = run("simulate", "--function", "adservice", "--rps", "300", "--seconds", "5", "--format", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(2);
    List<String> header = Arrays.asList(r.lines().get(0).split(","));
    assertThat(header).containsAll(REQUIRED);
    String[] row = r.lines().get(1).split(",", -1);
    assertThat(row).hasSize(header.size());
    assertThat(row[header.indexOf("function")]).isEqualTo("adservice");
    double asked = Double.parseDouble(row[header.indexOf("asked_rps")]);
    long issued = Long.parseLong(row[header.indexOf("issued")]);
    double p90 = Double.parseDouble(row[header.indexOf("p90_us")]);
    assertThat(asked).isEqualTo(300.0);
    long completed = Long.parseLong(row[header.indexOf("completed")]);
    long failed = Long.parseLong(row[header.indexOf("failed")]);
    long inFlight = Long.parseLong(row[header.indexOf("in_flight")]);
    assertThat(completed + failed + inFlight).isEqualTo(issued);
    assertThat(issued).isBetween(1300L, 1700L);
    assertThat(p90).isBetween(500.0, 5000.0);
  }

  @Test
  void simulateJsonAndTableCarryTheSameRow() throws Exception {
    Run json = run("simulate", "--function", "cartservice", "--rps", "200", "--seconds", "3", "--cpu", "500",
        "--replicas", "2", "--concurrency", "4", "--seed", "9", "--format", "json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode row = new ObjectMapper().readTree(json.out());
    for (String c : REQUIRED) {
      assertThat(row.has(c)).as(c).isTrue();
    }
    assertThat(row.get("cpu_m").asInt()).isEqualTo(500);
    assertThat(row.get("replicas").asInt()).isEqualTo(2);
    assertThat(row.get("concurrency").asInt()).isEqualTo(4);
    Run table = run("simulate", "--function", "cartservice", "--rps", "200", "--seconds", "3", "--cpu", "500",
        "--replicas", "2", "--concurrency", "4", "--seed", "9");
    String p90Line = table.lines().stream().filter(l -> l.startsWith("p90_us ")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(p90Line.substring(7).trim())).isEqualTo(row.get("p90_us").asDouble());
  }

  @Test
  void patternOptionTakesLoadPatternForms() {
    Run r = run("simulate", "--function", "shippingservice", "--pattern", "step:100:400:2", "--seconds", "4",
        "--format", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> header = Arrays.asList(r.lines().get(0).split(","));
    double asked = Double.parseDouble(r.lines().get(1).split(",")[header.indexOf("asked_rps")]);
    assertThat(asked).isCloseTo(250.0, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void sweepPrintsOneRowPerRpsAndWritesCsv(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("sweep.csv");
    Run r = run("sweep", "--function", "currencyservice", "--rps", "100:400:100", "--seconds", "3",
        "--format", "csv", "--output", csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(4);
    List<String> header = Arrays.asList(r.lines().get(0).split(","));
    assertThat(header).containsAll(REQUIRED);
    int asked = header.indexOf("asked_rps");
    assertThat(r.lines().subList(1, 4)).extracting(l -> Double.parseDouble(l.split(",")[asked]))
        .containsExactly(100.0, 200.0, 300.0);
    assertThat(Files.readString(csv)).isEqualTo(r.out());
    Run text = run("sweep", "--function", "currencyservice", "--rps", "100,300", "--seconds", "2");
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("p90_us").contains("asked_rps");
  }

  @Test
  void benchSimEndsWithTheRate() {
    Run r = run("bench", "sim", "--runs", "1", "--warmup-seconds", "0", "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.lines();
    assertThat(lines.get(lines.size() - 1)).matches("simulated_requests_per_second=[1-9][0-9]*");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "simulate --function nosuch --rps 10|unknown function 'nosuch'",
      "simulate --function adservice --rps -5|--rps must be > 0",
      "simulate --function adservice --rps 0|--rps must be > 0",
      "simulate --function adservice --rps abc|'abc' is not a double",
      "simulate --function adservice|either --rps R or --pattern SPEC",
      "simulate --function adservice --rps 10 --pattern 20|either --rps R or --pattern SPEC",
      "simulate --function adservice --pattern step:1:x|cannot read load pattern",
      "simulate --function adservice --rps 10 --cpu 0|cpu limit must be 1..",
      "simulate --function adservice --rps 10 --seconds 0|--seconds must be > 0",
      "simulate --function adservice --rps 10 --workers 0|workers must be 1..1000",
      "simulate --function adservice --rps 10 --format xml|Invalid value for option '--format'",
      "sweep --function adservice --rps 100:50:10|TO > FROM",
      "sweep --function adservice --rps 1,x|--rps must be FROM:TO:STEP or a list",
      "sweep --function adservice --rps 100,-3|--rps values must be > 0",
      "simulate --function adservice --rps 1e12|--rps must be > 0 and at most 1000000, was 1000000000000",
      "simulate --function adservice --pattern poisson:1e12|rps must be > 0 and at most 1000000",
      "simulate --function adservice --rps 10 --seconds 1e15|--seconds must be > 0 and at most 86400",
      "simulate --function adservice --rps 10 --deadline-ms 9000000000000000000|--deadline-ms must be > 0 and at most",
      "sweep --function adservice --rps 100,1e12|--rps values must be > 0 and at most 1000000",
      "invoke --endpoint 127.0.0.1:1 --rps 1e12 --seconds 1|--rps must be > 0 and at most 1000000",
      "invoke --endpoint 127.0.0.1:1 --rps 1 --seconds 1e15|--seconds must be > 0 and at most 86400",
      "train --step-seconds 1e15 --out unused|--step-seconds must be > 0 and at most 86400",
      "bench|name what to measure"})
  void badInputExitsWithCodeTwoAndOneMessage(String spec) {
    String[] parts = spec.split("\\|");
    Run r = run(parts[0].split(" "));
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("faasrl: ").contains(parts[1]);
  }

  @Test
  void malformedOrMissingProfileExitsWithCodeTwo(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: thumb\ncpu: {type: gamma, mean_us: 3}\n");
    Run r = run("simulate", "--profile", bad.toString(), "--function", "thumb", "--rps", "10");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("unknown distribution type 'gamma'").hasLineCount(1);
    Run missing = run("simulate", "--profile", dir.resolve("none.yaml").toString(), "--function", "thumb",
        "--rps", "10");
    assertThat(missing.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(missing.err()).contains("none.yaml").hasLineCount(1);
  }

  @Test
  void aProfileAddsAFunctionThatCanBeSimulated(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("thumb.yaml");
    Files.writeString(f, "name: thumb\ncpu: {type: exponential, mean_us: 2000}\noverhead_us: 300\n"
        + "cold_start_ms: 500\ncalls: [adservice]\n");
    Run r = run("simulate", "--profile", f.toString(), "--function", "thumb", "--rps", "50", "--seconds", "4",
        "--format", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines().get(1)).contains(",thumb,");
  }
}
