package faasrl.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.testing.Binaries;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code cloudlab-profiles/profile.py} with Python against a <b>stand-in for geni-lib</b>
 * (src/test/resources/faasrl/setup/geni-standin: geni-lib is not installable here) that records the
 * nodes, images, addresses and LAN the profile asks for.
 */
class CloudLabProfileTest {
  record Run(int exit, String out) {}

  private static Run profile(String paramsJson) throws Exception {
    Path python = Binaries.require("python3", "/usr/bin/python3");
    Path standIn = Path.of(CloudLabProfileTest.class.getResource("/faasrl/setup/geni-standin").toURI());
    ProcessBuilder pb = new ProcessBuilder(python.toString(), "cloudlab-profiles/profile.py").redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", standIn.toString());
    pb.environment().put("PROFILE_PARAMS", paramsJson);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    return new Run(p.waitFor(), out);
  }

  @Test void defaultsAreThePapersClusterOnOneLan() throws Exception {
    Run r = profile("{}");
    assertThat(r.exit()).as(r.out()).isZero();
    JsonNode spec = new ObjectMapper().readTree(r.out());
    assertThat(spec.path("nodes")).hasSize(5);
    for (int i = 0; i < 5; i++) {
      JsonNode n = spec.path("nodes").get(i);
      assertThat(n.path("name").asText()).isEqualTo("node" + i);
      assertThat(n.path("hardware_type").asText()).isEqualTo("xl170");
      assertThat(n.path("disk_image").asText()).isEqualTo("urn:publicid:IDN+emulab.net+image+emulab-ops//UBUNTU24-64-STD");
      assertThat(n.path("addresses").get(0).asText()).isEqualTo("10.0.1." + (i + 1));
      // the root file system grown at boot with vHive's script, at the commit faasrl setup installs
      assertThat(n.path("execute")).hasSize(1);
      assertThat(n.path("execute").get(0).path("command").asText()).contains(
          "https://raw.githubusercontent.com/vhive-serverless/vHive/" + VHiveSetup.VHIVE_VERSION
              + "/scripts/cloudlab/cloudlab-grow-rootfs.sh", "sudo sh -c ");
    }
    assertThat(spec.path("lans")).hasSize(1);
    assertThat(spec.path("lans").get(0).path("members").toString())
        .isEqualTo("[\"node0\",\"node1\",\"node2\",\"node3\",\"node4\"]");
  }

  @Test void parametersChangeCountAndHardwareAndBadCountsAreRefused() throws Exception {
    JsonNode spec = new ObjectMapper().readTree(profile("{\"nodeCount\": 4, \"hardwareType\": \"c220g5\"}").out());
    assertThat(spec.path("nodes")).hasSize(4);
    assertThat(spec.path("nodes").get(3).path("hardware_type").asText()).isEqualTo("c220g5");
    Run bad = profile("{\"nodeCount\": 1}");
    assertThat(bad.exit()).isEqualTo(3);
    assertThat(bad.out()).contains("nodeCount must be 2..64");
  }
}
