package faasrl.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodesTest {
  @TempDir Path dir;

  @Test void readsACloudLabManifest() throws Exception {
    Path m = dir.resolve("manifest.xml");
    Files.writeString(m, """
        <?xml version="1.0" encoding="UTF-8"?>
        <rspec xmlns="http://www.geni.net/resources/rspec/3" xmlns:emulab="http://www.protogeni.net/resources/rspec/ext/emulab/1" type="manifest">
          <node client_id="node0" component_id="urn:publicid:IDN+utah.cloudlab.us+node+hp012" exclusive="true">
            <sliver_type name="raw-pc"><disk_image name="urn:publicid:IDN+emulab.net+image+emulab-ops//UBUNTU20-64-STD"/></sliver_type>
            <hardware_type name="xl170"/>
            <interface client_id="node0:eth1"><ip address="10.0.1.1" type="ipv4" netmask="255.255.255.0"/></interface>
            <services><login authentication="ssh-keys" hostname="hp012.utah.cloudlab.us" port="22" username="alice"/>
              <login authentication="ssh-keys" hostname="hp012.utah.cloudlab.us" port="22" username="bob"/></services>
            <host name="node0.vhive.faasrl-pg0.utah.cloudlab.us" ipv4="128.110.218.12"/>
          </node>
          <node client_id="node1">
            <interface client_id="node1:eth1"><ip address="10.0.1.2" type="ipv4"/></interface>
            <services><login authentication="ssh-keys" hostname="hp013.utah.cloudlab.us" port="2222" username="alice"/></services>
          </node>
          <link client_id="lan0"/>
        </rspec>
        """);
    Nodes n = Nodes.fromManifest(m);
    assertThat(n.master()).isEqualTo(new Host("node0", "hp012.utah.cloudlab.us", 22, "10.0.1.1"));
    assertThat(n.workers()).containsExactly(new Host("node1", "hp013.utah.cloudlab.us", 2222, "10.0.1.2"));
    assertThat(n.master("node1").master().name()).isEqualTo("node1");
    assertThat(n.master("node1").workers()).extracting(Host::name).containsExactly("node0");
  }

  @Test void readsAPlainListAndPicksTheMaster() throws Exception {
    Path f = dir.resolve("nodes.txt");
    Files.writeString(f, "# master first\nmaster 192.168.0.10 10.0.1.1\nw1 192.168.0.11:2200\n\nw2.example.org # bare host\n");
    Nodes n = Nodes.fromList(f);
    assertThat(n.master()).isEqualTo(new Host("master", "192.168.0.10", 22, "10.0.1.1"));
    assertThat(n.workers()).extracting(Host::toString).containsExactly("w1 (192.168.0.11:2200)", "w2.example.org (w2.example.org)");
    assertThat(n.only(List.of("w2.example.org")).all()).extracting(Host::name).containsExactly("master", "w2.example.org");
  }

  @Test void badInputGetsOneClearError() throws Exception {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "a host:notaport\n");
    assertThatThrownBy(() -> Nodes.fromList(f)).hasMessageContaining("line 1").hasMessageContaining("not a number");
    Files.writeString(f, "a h1\na h2\n");
    assertThatThrownBy(() -> Nodes.fromList(f)).hasMessageContaining("'a' appears twice");
    Files.writeString(f, "a h1\n");
    assertThatThrownBy(() -> Nodes.fromList(f).master("zz")).hasMessageContaining("no node named 'zz' (nodes: a)");
    Path m = dir.resolve("m.xml");
    Files.writeString(m, "<rspec><node client_id=\"n\"/></rspec>");
    assertThatThrownBy(() -> Nodes.fromManifest(m)).hasMessageContaining("has no <services><login");
    Files.writeString(m, "not xml");
    assertThatThrownBy(() -> Nodes.fromManifest(m)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not valid XML");
  }
}
