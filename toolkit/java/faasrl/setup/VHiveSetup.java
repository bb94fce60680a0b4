package faasrl.setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Installs a vHive (Kubernetes + Knative) cluster over SSH the way the paper's cluster was built
 * (REFERENCE.md section 3): every node cloned at a pinned vHive commit and set up, workers in
 * parallel, the master's {@code kubeadm join} line run on each worker and its "Have you joined all
 * nodes? (y/n)" prompt answered, Knative's affinity/toleration features enabled, the online-shop
 * Redis applied, node_exporter + Prometheus (1 s scrape) on the workers, metrics-server, and the
 * kubeconfig fetched to {@code out/kubeconfig}.
 *
 * <p>Each step is recorded in {@code out/setup-state.txt} when it finishes; {@link #resume(boolean)}
 * skips recorded steps, so a failed set-up continues where it stopped. Steps are safe to repeat and
 * nothing is deleted (no resets, no wiping of home or /tmp). Each node's output goes to
 * {@code out/logs/NODE.log}, join tokens masked.
 *
 * <pre>{@code
 * Path kubeconfig = VHiveSetup.on(Nodes.fromManifest(Path.of("manifest.xml")))
 *     .user("alice").key(Path.of("/home/alice/.ssh/id_ed25519"))
 *     .version(VHiveSetup.PAPER_VERSION)
 *     .out(Path.of("cluster"))
 *     .listener(new SetupListener() {
 *       public void finished(String node, String step, Duration took) { System.out.println(node + " " + step); }
 *     })
 *     .run();
 * }</pre>
 */
public final class VHiveSetup {
  /** The vHive commit of the paper's era (Kubernetes 1.23.5, Knative 1.4.0). */
  public static final String PAPER_VERSION = "3b105486a87577c4d90ee8b229020eb100225ac5";
  public static final String REPOSITORY = "https://github.com/vhive-serverless/vHive.git";
  static final String METRICS_SERVER =
      "https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.6.4/components.yaml";
  static final Pattern JOIN_PROMPT = Pattern.compile("Have you joined all nodes\\? \\(y/n\\)");

  private Nodes nodes;
  private String user = System.getProperty("user.name");
  private Path key;
  private boolean agent;
  private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  private boolean acceptNewHostKeys;
  private String version = PAPER_VERSION;
  private String repository = REPOSITORY;
  private boolean stockOnly = true;
  private String workDir = "~";
  private Path out = Path.of("faasrl-cluster");
  private boolean resume;
  private Duration stepTimeout = Command.DEFAULT_TIMEOUT;
  private SetupListener listener = new SetupListener() {};

  private VHiveSetup(Nodes nodes) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
  }

  /** A set-up of these nodes (the master as {@link Nodes#master()} says). */
  public static VHiveSetup on(Nodes nodes) {
    return new VHiveSetup(nodes);
  }

  public VHiveSetup user(String v) {
    user = Objects.requireNonNull(v, "user");
    return this;
  }

  public VHiveSetup key(Path v) {
    key = v;
    return this;
  }

  /** Authenticate through ssh-agent instead of (or as well as) a key file. */
  public VHiveSetup agent(boolean v) {
    agent = v;
    return this;
  }

  public VHiveSetup knownHosts(Path v) {
    knownHosts = Objects.requireNonNull(v, "knownHosts");
    return this;
  }

  /** Add unknown nodes' host keys to known_hosts (changed keys are still refused). */
  public VHiveSetup acceptNewHostKeys(boolean v) {
    acceptNewHostKeys = v;
    return this;
  }

  /** The vHive commit (or tag) to check out; {@link #PAPER_VERSION} by default. */
  public VHiveSetup version(String v) {
    if (v == null || !v.matches("[A-Za-z0-9._/-]+")) {
      throw new IllegalArgumentException("vHive version must be a commit, tag or branch name, was '" + v + "'");
    }
    version = v;
    return this;
  }

  /** Where to clone vHive from (a mirror, or a local path in tests). */
  public VHiveSetup repository(String v) {
    if (v == null || v.isBlank() || v.contains("'")) {
      throw new IllegalArgumentException("repository must be a git URL or path without quotes, was '" + v + "'");
    }
    repository = v;
    return this;
  }

  /**
   * Stock containerd only (the paper's set-up, default). False runs vHive's scripts in their
   * Firecracker mode; faasrl does not start the firecracker-containerd and vhive daemons that mode
   * also needs (see vHive's quickstart).
   */
  public VHiveSetup stockOnly(boolean v) {
    stockOnly = v;
    return this;
  }

  /** Set up only the master and these workers. */
  public VHiveSetup workers(List<String> names) {
    nodes = nodes.only(names);
    return this;
  }

  /**
   * The folder on each node that vHive is cloned into ({@code ~} by default); {@code {node}} is
   * replaced by the node's name (for nodes that share a home over NFS).
   */
  public VHiveSetup workDir(String v) {
    if (v == null || v.isBlank() || v.contains("'") || v.contains("\"")) {
      throw new IllegalArgumentException("work dir must be a path without quotes, was '" + v + "'");
    }
    workDir = v;
    return this;
  }

  /** Local folder for the state file, logs and the fetched kubeconfig. */
  public VHiveSetup out(Path v) {
    out = Objects.requireNonNull(v, "out");
    return this;
  }

  /** Continue a set-up recorded in {@code out}, skipping its finished steps. */
  public VHiveSetup resume(boolean v) {
    resume = v;
    return this;
  }

  /** How long one step may take (45 min by default; vHive's node set-up downloads a lot). */
  public VHiveSetup stepTimeout(Duration v) {
    if (v == null || v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException("step timeout must be > 0, was " + v);
    }
    stepTimeout = v;
    return this;
  }

  public VHiveSetup listener(SetupListener v) {
    listener = Objects.requireNonNull(v, "listener");
    return this;
  }

  /** The state file of this set-up. */
  public Path stateFile() {
    return out.resolve("setup-state.txt");
  }

  /**
   * Runs (or resumes) the set-up and returns the local kubeconfig. Throws
   * {@link SetupFailedException} naming each failed node and step; finished steps stay recorded.
   */
  public Path run() {
    String identity = "vhive " + version + (stockOnly ? " stock-only" : " firecracker") + " master="
        + nodes.master().name() + " workers=" + String.join(",", nodes.workers().stream().map(Host::name).toList());
    SetupState state = SetupState.open(stateFile(), identity, resume);
    Map<Host, Session> sessions = new LinkedHashMap<>();
    try {
      for (Host h : nodes.all()) {
        try {
          sessions.put(h, connect(h, state));
        } catch (IllegalStateException e) { // refused host key, login or command: a failed step
          throw new StepException(h.name(), "connect", e);
        }
      }
      Session master = sessions.get(nodes.master());
      List<Session> workers = nodes.workers().stream().map(sessions::get).toList();
      List<Runnable> firstPhase = new ArrayList<>();
      firstPhase.add(() -> {
        prepare(master);
        master.step("containerd", () -> master.sh(startContainerd()));
      });
      for (Session w : workers) {
        firstPhase.add(() -> {
          prepare(w);
          w.step("setup_worker_kubelet", () -> w.sh("cd vhive && ./scripts/cluster/setup_worker_kubelet.sh" + mode()));
          w.step("containerd", () -> w.sh(startContainerd()));
          w.step("monitoring", () -> monitoring(w));
        });
      }
      parallel(firstPhase);
      master.step("create_cluster", () -> createCluster(master, workers));
      master.step("knative_features", () -> master.sh("kubectl -n knative-serving patch configmap config-features "
          + "--type merge -p '{\"data\":{\"kubernetes.podspec-affinity\":\"enabled\","
          + "\"kubernetes.podspec-tolerations\":\"enabled\"}}'"));
      master.step("online_shop_database", () -> {
        master.upload(resource("online-shop-database.yaml"), "faasrl/online-shop-database.yaml");
        master.sh("kubectl apply -f faasrl/online-shop-database.yaml");
      });
      master.step("metrics_server", () -> master.sh("kubectl apply -f " + METRICS_SERVER
          + " && { kubectl -n kube-system get deployment metrics-server"
          + " -o jsonpath='{.spec.template.spec.containers[0].args}' | grep -q -- --kubelet-insecure-tls"
          + " || kubectl -n kube-system patch deployment metrics-server --type=json"
          + " -p '[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/args/-\","
          + "\"value\":\"--kubelet-insecure-tls\"}]'; }"));
      Path kubeconfig = out.resolve("kubeconfig");
      master.step("kubeconfig", () -> {
        master.sh("mkdir -p faasrl && install -m 600 \"$HOME/.kube/config\" faasrl/kubeconfig");
        master.ssh.download(master.dir + "/faasrl/kubeconfig", kubeconfig);
        restrict(kubeconfig);
      });
      return kubeconfig;
    } catch (StepException e) {
      throw new SetupFailedException(List.of(new SetupFailedException.Failure(e.node, e.step, e.cause)),
          stateFile().toString());
    } finally {
      sessions.values().forEach(n -> n.ssh.close());
    }
  }

  private String mode() {
    return stockOnly ? " stock-only" : "";
  }

  private void prepare(Session n) {
    n.step("clone", () -> n.sh("{ [ -d vhive/.git ] || git clone --quiet '" + repository + "' vhive; } && cd vhive"
        + " && { git cat-file -e '" + version + "^{commit}' 2>/dev/null || git fetch --quiet origin; }"
        + " && git checkout --quiet '" + version + "' && git log -1 --format='vhive at %H %s'"));
    n.step("setup_node", () -> n.sh("cd vhive && ./scripts/cloudlab/setup_node.sh" + mode()));
    n.step("cpu_governor", () -> n.sh("if ls /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor >/dev/null 2>&1;"
        + " then echo performance | sudo tee /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor >/dev/null;"
        + " echo 'CPU governor: performance'; else echo 'no cpufreq on this node: governor unchanged'; fi"));
  }

  private static String startContainerd() {
    // as vHive's guide does it: containerd in a detached screen, logs in /tmp/vhive-logs
    return "if pgrep -x containerd >/dev/null; then echo 'containerd already running';"
        + " else mkdir -p /tmp/vhive-logs && sudo screen -dmS containerd bash -c"
        + " 'containerd > >(tee -a /tmp/vhive-logs/containerd.stdout)"
        + " 2> >(tee -a /tmp/vhive-logs/containerd.stderr >&2)'"
        + " && echo 'containerd started'; fi";
  }

  private void monitoring(Session w) {
    w.upload(resource("prometheus.yml"), "faasrl/prometheus.yml");
    w.sh("sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus prometheus-node-exporter"
        + " && { [ -e /etc/prometheus/prometheus.yml.faasrl-orig ] || sudo cp /etc/prometheus/prometheus.yml"
        + " /etc/prometheus/prometheus.yml.faasrl-orig; }"
        + " && sudo cp faasrl/prometheus.yml /etc/prometheus/prometheus.yml"
        + " && sudo systemctl restart prometheus-node-exporter prometheus"
        + " && echo 'monitoring: node_exporter + prometheus (1 s scrape)'");
  }

  private void createCluster(Session master, List<Session> workers) {
    JoinLine join = new JoinLine();
    Command create = Command.of("cd '" + master.dir + "/vhive' && ./scripts/cluster/create_multinode_cluster.sh"
        + mode())
        .pty(true) // the script prompts with `read -p`, which prints only to a terminal
        .timeout(stepTimeout)
        .onLine(join::accept)
        .answer(JOIN_PROMPT, () -> {
          String cmd = join.command().orElseThrow(() -> new IllegalStateException(
              "the master asked whether all nodes joined, but printed no 'kubeadm join ...' line"));
          List<Runnable> joins = new ArrayList<>();
          for (Session w : workers) {
            joins.add(() -> w.step("join", () -> w.sh("if [ -f /etc/kubernetes/kubelet.conf ]; then echo 'already"
                + " joined'; else sudo " + cmd + "; fi")));
          }
          parallel(joins);
          return "y";
        });
    master.ssh.exec(create);
  }

  private static byte[] resource(String name) {
    try (InputStream in = VHiveSetup.class.getResourceAsStream("/faasrl/setup/" + name)) {
      if (in == null) {
        throw new IllegalStateException("resource faasrl/setup/" + name + " missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      // best effort on file systems without POSIX permissions
    }
  }

  /** Runs tasks one thread each and waits for all; failures of all of them are reported together. */
  private void parallel(List<Runnable> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, tasks.size()));
    try {
      List<Future<?>> futures = tasks.stream().<Future<?>>map(pool::submit).toList();
      List<SetupFailedException.Failure> failures = new ArrayList<>();
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof StepException s) {
            failures.add(new SetupFailedException.Failure(s.node, s.step, s.cause));
          } else if (c instanceof SetupFailedException s) {
            failures.addAll(s.failures());
          } else {
            failures.add(new SetupFailedException.Failure("?", "?", c instanceof RuntimeException r ? r
                : new IllegalStateException(c)));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      if (!failures.isEmpty()) {
        throw new SetupFailedException(failures, stateFile().toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Session connect(Host h, SetupState state) {
    Ssh.Builder b = Ssh.to(h.address()).port(h.port()).name(h.name()).user(user).agent(agent)
        .knownHosts(knownHosts).acceptNewHostKeys(acceptNewHostKeys)
        .log(out.resolve("logs").resolve(h.name() + ".log")).listener(listener);
    if (key != null) {
      b.key(key);
    }
    Ssh ssh = b.connect();
    String wd = workDir.replace("{node}", h.name());
    String dir = ssh.exec("mkdir -p " + wd + " && cd " + wd + " && mkdir -p faasrl && pwd").lines()
        .reduce((a, c) -> c).orElseThrow();
    return new Session(h, ssh, dir, state);
  }

  /** A failure inside one step, with where it happened. */
  private static final class StepException extends RuntimeException {
    final String node, step;
    final RuntimeException cause;

    StepException(String node, String step, RuntimeException cause) {
      super(node + " / " + step + ": " + cause.getMessage(), cause);
      this.node = node;
      this.step = step;
      this.cause = cause;
    }
  }

  /** One node's connection, its absolute work folder, and how to run a recorded step there. */
  private final class Session {
    final Host host;
    final Ssh ssh;
    final String dir;
    final SetupState state;

    Session(Host host, Ssh ssh, String dir, SetupState state) {
      this.host = host;
      this.ssh = ssh;
      this.dir = dir;
      this.state = state;
    }

    void step(String name, Runnable body) {
      if (state.isDone(host.name(), name)) {
        listener.skipped(host.name(), name);
        return;
      }
      listener.started(host.name(), name);
      long t0 = System.nanoTime();
      try {
        body.run();
      } catch (StepException | SetupFailedException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new StepException(host.name(), name, e);
      }
      state.markDone(host.name(), name);
      listener.finished(host.name(), name, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Runs a shell command in the work folder. */
    String sh(String command) {
      return ssh.exec(Command.of("cd '" + dir + "' && " + command).timeout(stepTimeout));
    }

    void upload(byte[] content, String relative) {
      ssh.upload(content, dir + "/" + relative);
    }
  }
}
