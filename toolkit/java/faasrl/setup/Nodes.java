package faasrl.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The machines of a cluster, one of them the master, read from a CloudLab manifest (the rspec XML
 * that the experiment page's "Manifest" tab shows) or from a plain list. The first node is the
 * master unless {@link #master(String)} picks another. Immutable.
 *
 * <p>Plain list: one node a line, {@code NAME HOST[:PORT] [LAN-IP]} or just {@code HOST[:PORT]};
 * {@code #} starts a comment.
 *
 * <pre>{@code
 * Nodes nodes = Nodes.fromManifest(Path.of("manifest.xml"));   // node0 is the master
 * Nodes other = Nodes.fromList(Path.of("nodes.txt")).master("node3");
 * nodes.workers().forEach(System.out::println);
 * }</pre>
 */
public final class Nodes {
  private final List<Host> hosts;
  private final Host master;

  private Nodes(List<Host> hosts, Host master) {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("no nodes given");
    }
    Map<String, Host> byName = new LinkedHashMap<>();
    for (Host h : hosts) {
      if (byName.put(h.name(), h) != null) {
        throw new IllegalArgumentException("node name '" + h.name() + "' appears twice");
      }
    }
    this.hosts = List.copyOf(hosts);
    this.master = master;
  }

  /** These hosts, the first one the master. */
  public static Nodes of(List<Host> hosts) {
    return new Nodes(hosts, hosts.isEmpty() ? null : hosts.get(0));
  }

  /** Reads a CloudLab (GENI rspec v3) manifest: each node's login host and port, and its LAN address. */
  public static Nodes fromManifest(Path manifest) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var parser = f.newDocumentBuilder();
      parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // throw, don't print to stderr
      NodeList nodes = parser.parse(manifest.toFile()).getElementsByTagNameNS("*", "node");
      List<Host> hosts = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        Element node = (Element) nodes.item(i);
        String name = node.getAttribute("client_id");
        Element login = first(node, "login");
        if (login == null) {
          throw new IllegalArgumentException("manifest " + manifest + ": node '" + name + "' has no "
              + "<services><login hostname=...>: is this the manifest of a running experiment?");
        }
        String port = login.getAttribute("port");
        Element ip = first(node, "ip");
        hosts.add(new Host(name, login.getAttribute("hostname"), port.isEmpty() ? 22 : Integer.parseInt(port),
            ip == null ? "" : ip.getAttribute("address")));
      }
      if (hosts.isEmpty()) {
        throw new IllegalArgumentException("manifest " + manifest + " lists no <node> elements");
      }
      return of(hosts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest, e);
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      throw new IllegalArgumentException("manifest " + manifest + " is not valid XML: " + e.getMessage(), e);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("manifest " + manifest + ": a login port is not a number", e);
    }
  }

  private static Element first(Element parent, String localName) {
    NodeList l = parent.getElementsByTagNameNS("*", localName);
    return l.getLength() == 0 ? null : (Element) l.item(0);
  }

  /** Reads a plain list of nodes (see the class comment for the format). */
  public static Nodes fromList(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read node list " + file, e);
    }
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceFirst("#.*", "").trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length > 3) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected NAME HOST[:PORT] [LAN-IP] "
            + "or HOST[:PORT], was '" + line + "'");
      }
      String name = f.length == 1 ? null : f[0];
      String hostPort = f.length == 1 ? f[0] : f[1];
      String host = hostPort;
      int port = 22;
      int colon = hostPort.lastIndexOf(':');
      if (colon > 0) {
        host = hostPort.substring(0, colon);
        try {
          port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + ": port of '" + hostPort
              + "' is not a number");
        }
      }
      hosts.add(new Host(name == null ? host : name, host, port, f.length == 3 ? f[2] : ""));
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("node list " + file + " names no nodes");
    }
    return of(hosts);
  }

  /** The same nodes with {@code name} as the master. */
  public Nodes master(String name) {
    return new Nodes(hosts, host(name));
  }

  /** The node called {@code name}; an error listing the names if there is none. */
  public Host host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no node named '" + name + "' (nodes: " + names(hosts) + ")"));
  }

  public Host master() {
    return master;
  }

  /** Every node but the master, in order. */
  public List<Host> workers() {
    return hosts.stream().filter(h -> h != master).toList();
  }

  /** Every node, in order. */
  public List<Host> all() {
    return hosts;
  }

  /** Just the master and these workers (the master stays the master). */
  public Nodes only(List<String> workerNames) {
    List<Host> keep = new ArrayList<>(List.of(master));
    for (String w : workerNames) {
      Host h = host(w);
      if (h == master) {
        throw new IllegalArgumentException("node '" + w + "' is the master, not a worker");
      }
      keep.add(h);
    }
    return new Nodes(keep, master);
  }

  private static String names(List<Host> hosts) {
    return String.join(", ", hosts.stream().map(Host::name).toList());
  }

  @Override public String toString() {
    return "master " + master + ", workers " + workers();
  }
}
