package faasrl.cli;

import faasrl.setup.Nodes;
import faasrl.setup.SetupFailedException;
import faasrl.setup.SetupListener;
import faasrl.setup.VHiveSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faasrl setup}: installs vHive on CloudLab nodes over SSH and fetches the kubeconfig. */
@Command(name = "setup", sortOptions = false,
    description = {
        "Installs a vHive cluster over SSH on CloudLab nodes (Ubuntu 24.04) following vHive's quickstart at "
            + "a pinned commit (Kubernetes 1.35.3, Knative 1.21.2, stock containerd): nodes set up in parallel "
            + "with vHive's setup_tool, workers joined, a wait until Knative Serving is Available, Knative "
            + "features, online-shop Redis, node_exporter + Prometheus on the workers, metrics-server. "
            + "Commands run under bash whatever the login shell. The kubeconfig is fetched to OUT/kubeconfig, "
            + "each node's output goes to OUT/logs/NODE.log.",
        "A step is recorded in OUT/setup-state.txt once its postcondition holds: after a failure, fix the "
            + "cause and run again with --resume, which re-checks the recorded steps.",
        "Exit codes: 0 ready, 1 a step failed, 2 bad input or a node that cannot be reached."},
    footer = {"", "Example:",
        "  faasrl setup --manifest manifest.xml --user alice --key ~/.ssh/id_ed25519",
        "After a failure, run the same command with --resume added."})
public final class SetupCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1") NodeSource source;

  static final class NodeSource {
    @Option(names = "--manifest", paramLabel = "FILE", required = true,
        description = "CloudLab manifest XML of the experiment (its Manifest tab)")
    Path manifest;

    @Option(names = "--nodes", paramLabel = "FILE", required = true,
        description = "plain node list: one `NAME HOST[:PORT] [LAN-IP]` (or `HOST[:PORT]`) a line")
    Path nodes;
  }

  @Option(names = "--user", required = true, paramLabel = "U", description = "SSH login user")
  String user;

  @Option(names = "--key", paramLabel = "K", description = "SSH private key file (or use --agent)")
  Path key;

  @Option(names = "--agent", description = "authenticate through ssh-agent ($SSH_AUTH_SOCK)")
  boolean agent;

  @Option(names = "--master", paramLabel = "NAME", description = "the master node (default: the first)")
  String master;

  @Option(names = "--workers", split = ",", paramLabel = "NAME", description = "set up only these workers")
  List<String> workers;

  @Option(names = "--resume", description = "continue a set-up recorded in --out, skipping finished steps")
  boolean resume;

  @Option(names = "--out", defaultValue = "faasrl-cluster", paramLabel = "DIR",
      description = "state, logs and kubeconfig (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--known-hosts", paramLabel = "F", description = "known_hosts file (default: ~/.ssh/known_hosts)")
  Path knownHosts;

  @Option(names = "--accept-new-host-keys",
      description = "add unknown nodes' host keys to known_hosts (changed keys are always refused)")
  boolean acceptNew;

  @Option(names = "--vhive-version", defaultValue = VHiveSetup.VHIVE_VERSION, paramLabel = "COMMIT",
      description = "vHive commit or tag with the Go setup_tool (default: ${DEFAULT-VALUE}, main of 2026-07)")
  String version;

  @Option(names = "--repository", defaultValue = VHiveSetup.REPOSITORY, paramLabel = "URL",
      description = "vHive git repository (default: ${DEFAULT-VALUE})")
  String repository;

  @Option(names = "--stock-only", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "stock containerd, as in the paper (default); --no-stock-only runs vHive's scripts in "
          + "Firecracker mode (its firecracker-containerd and vhive daemons are not started by faasrl)")
  boolean stockOnly;

  @Option(names = "--work-dir", defaultValue = "~", paramLabel = "DIR",
      description = "folder on each node to clone vHive into, any characters (quoted in every remote command); "
          + "~/ is the login home, {node} the node's name (default: ~)")
  String workDir;

  @Option(names = "--step-timeout", defaultValue = "45", paramLabel = "MIN",
      description = "minutes one step may take (default: ${DEFAULT-VALUE})")
  int stepTimeoutMinutes;

  @Option(names = {"-v", "--verbose"}, description = "print every line of remote output")
  boolean verbose;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Override public Integer call() {
    if (stepTimeoutMinutes < 1) {
      throw new IllegalArgumentException("--step-timeout must be >= 1 minute, was " + stepTimeoutMinutes);
    }
    Nodes nodes = source.manifest != null ? Nodes.fromManifest(source.manifest) : Nodes.fromList(source.nodes);
    if (master != null) {
      nodes = nodes.master(master);
    }
    VHiveSetup setup = VHiveSetup.on(nodes).user(user).key(key).agent(agent).acceptNewHostKeys(acceptNew)
        .version(version).repository(repository).stockOnly(stockOnly).workDir(workDir).out(out).resume(resume)
        .stepTimeout(Duration.ofMinutes(stepTimeoutMinutes));
    if (knownHosts != null) {
      setup.knownHosts(knownHosts);
    }
    if (workers != null) {
      setup.workers(workers);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("vHive %s on %s%n", version.length() > 12 ? version.substring(0, 12) : version, nodes);
    o.flush();
    try {
      Path kubeconfig = setup.listener(new Progress(o, verbose)).run();
      o.printf("cluster ready; kubeconfig: %s%nnext: faasrl train --backend knative --kubeconfig %s ...%n",
          kubeconfig, kubeconfig);
      return 0;
    } catch (SetupFailedException e) {
      spec.commandLine().getErr().println("faasrl: " + e.getMessage());
      // a node that cannot be reached (host, port, user, key, host key, work dir) is bad input
      boolean connect = e.failures().stream().allMatch(f -> f.step().equals(VHiveSetup.CONNECT));
      return connect ? Main.BAD_INPUT : 1;
    }
  }

  /** Prints steps as they start and finish; remote output only with --verbose, else a line now and then. */
  static final class Progress implements SetupListener {
    private static final long QUIET_NANOS = 20_000_000_000L;
    private final PrintWriter out;
    private final boolean verbose;
    private final Map<String, Long> lastShown = new ConcurrentHashMap<>();

    Progress(PrintWriter out, boolean verbose) {
      this.out = out;
      this.verbose = verbose;
    }

    private synchronized void print(String node, String text) {
      out.printf("%s %-8s %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), node, text);
      out.flush();
    }

    @Override public void started(String node, String step) {
      lastShown.put(node, System.nanoTime());
      print(node, step + " ...");
    }

    @Override public void finished(String node, String step, Duration took) {
      print(node, step + " done (" + took.toSeconds() + " s)");
    }

    @Override public void skipped(String node, String step) {
      print(node, step + " already done");
    }

    @Override public void line(String node, String line) {
      long now = System.nanoTime();
      Long last = lastShown.get(node);
      if (verbose || last == null || now - last > QUIET_NANOS) {
        lastShown.put(node, now);
        print(node, "| " + line);
      }
    }
  }
}
