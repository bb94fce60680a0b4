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
 * Installs a vHive (Kubernetes + Knative) cluster over SSH, following vHive's quickstart
 * ({@code docs/quickstart_guide.md}) at a pinned commit, {@link #VHIVE_VERSION} by default:
 *
 * <ol>
 *   <li>every node, in parallel: clone vHive at the pinned commit, {@code mkdir -p
 *       /tmp/vhive-logs}, {@code ./scripts/install_go.sh}, build {@code setup_tool}, {@code
 *       ./setup_tool setup_node stock-only}; the CPU governor set to performance;
 *   <li>workers: {@code ./setup_tool setup_worker_kubelet stock-only}, containerd in a tmux session,
 *       node_exporter + Prometheus (1 s scrape);
 *   <li>master: containerd in a tmux session, {@code ./setup_tool create_multinode_cluster
 *       stock-only}; its {@code kubeadm join ...} line is run on each worker and its "Have you
 *       joined all nodes? (y/n)" answered {@code y};
 *   <li>master: wait until every deployment in {@code knative-serving} is Available, then enable
 *       Knative's affinity/toleration features, apply the online-shop Redis, metrics-server, and
 *       fetch the kubeconfig to {@code out/kubeconfig}.
 * </ol>
 *
 * <p>Every command runs under {@code bash -c} whatever the login shell is, with every interpolated
 * value quoted. A step is recorded done in {@code out/setup-state.txt} only once its postcondition
 * holds (kubeadm at vHive's Kubernetes version and kubelet enabled after node set-up, every node
 * Ready after create, the feature flags in the config map after the patch...): a script that exits
 * 0 without doing its work is a failed step, reported with the check's output. {@link
 * #resume(boolean)} re-checks the postcondition of every recorded step and runs again those that no
 * longer hold. Creating the cluster again on a node that already runs a control plane does not run
 * {@code kubeadm init} a second time. Each node's output goes to {@code out/logs/NODE.log} (mode
 * 0600), kubeadm's tokens and cert hashes masked.
 *
 * <pre>{@code
 * Path kubeconfig = VHiveSetup.on(Nodes.fromManifest(Path.of("manifest.xml")))
 *     .user("alice").key(Path.of("/home/alice/.ssh/id_ed25519"))
 *     .version(VHiveSetup.VHIVE_VERSION)
 *     .out(Path.of("cluster"))
 *     .listener(new SetupListener() {
 *       public void finished(String node, String step, Duration took) { System.out.println(node + " " + step); }
 *     })
 *     .run();
 * }</pre>
 */
public final class VHiveSetup {
  /**
   * The vHive commit followed (main of 2026-07, 86fb026c): its Go {@code setup_tool} installs
   * Kubernetes 1.35.3 from pkgs.k8s.io, containerd 2.2.3, Calico 3.31.5, Istio 1.29.2 and Knative
   * 1.21.2 on Ubuntu 24.04. The only place the pin lives.
   */
  public static final String VHIVE_VERSION = "86fb026c767902ca37a7632cbcd01420b6e6b2f4";
  public static final String REPOSITORY = "https://github.com/vhive-serverless/vHive.git";
  static final String METRICS_SERVER =
      "https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.8.1/components.yaml";
  static final Pattern JOIN_PROMPT = Pattern.compile("Have you joined all nodes\\? \\(y/n\\)");
  /**
   * Root of the files kubeadm and vHive write on a node ({@code /etc/kubernetes}, {@code
   * /etc/default/kubelet}); empty on a real node, a stand-in folder in tests.
   */
  static final String SYSROOT = "${FAASRL_SYSROOT:-}";
  private static final String CONTROL_PLANE = "[[ -f " + SYSROOT + "/etc/kubernetes/admin.conf ]]";

  private Nodes nodes;
  private String user = System.getProperty("user.name");
  private Path key;
  private boolean agent;
  private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  private boolean acceptNewHostKeys;
  private String version = VHIVE_VERSION;
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

  /**
   * The vHive commit (or tag) to check out; {@link #VHIVE_VERSION} by default. It must have the Go
   * {@code setup_tool} (vHive from 2023-08 on): older commits used bash scripts that install
   * Kubernetes from the apt repository shut down in 2024.
   */
  public VHiveSetup version(String v) {
    if (v == null || !v.matches("[A-Za-z0-9._/-]+")) {
      throw new IllegalArgumentException("vHive version must be a commit, tag or branch name, was '" + v + "'");
    }
    version = v;
    return this;
  }

  /** Where to clone vHive from (a mirror, or a local path in tests). */
  public VHiveSetup repository(String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("repository must be a git URL or path, was '" + v + "'");
    }
    Shell.quote(v); // one line
    repository = v;
    return this;
  }

  /**
   * Stock containerd only (the paper's set-up, default). False runs vHive's set-up in its
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
   * The folder on each node that vHive is cloned into ({@code ~} by default; a leading {@code ~/}
   * is the login user's home); {@code {node}} is replaced by the node's name (for nodes that share
   * a home over NFS). Any characters but a newline; the value is quoted in every remote command.
   */
  public VHiveSetup workDir(String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("work dir must not be blank");
    }
    try {
      Shell.quote(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("work dir must be one line, was '" + v.replace("\n", "\\n") + "'");
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
        } catch (RuntimeException e) { // unreachable, refused key or login, no bash, no work dir: a failed step
          throw new StepException(h.name(), CONNECT, e);
        }
      }
      Session master = sessions.get(nodes.master());
      List<Session> workers = nodes.workers().stream().map(sessions::get).toList();
      List<Runnable> firstPhase = new ArrayList<>();
      firstPhase.add(() -> {
        prepare(master);
        startContainerd(master);
      });
      for (Session w : workers) {
        firstPhase.add(() -> {
          prepare(w);
          w.step("setup_worker_kubelet", () -> w.sh("cd vhive && ./setup_tool setup_worker_kubelet" + mode()),
              new Check("vHive wrote the kubelet's flags to /etc/default/kubelet",
                  "grep -H -- --container-runtime-endpoint " + SYSROOT + "/etc/default/kubelet"));
          startContainerd(w);
          w.step("monitoring", () -> monitoring(w), new Check("node_exporter and Prometheus are active",
              "systemctl is-active prometheus-node-exporter prometheus"));
        });
      }
      parallel(firstPhase);
      master.step("create_cluster", () -> createCluster(master, workers), new Check(
          "all " + nodes.all().size() + " nodes registered and Ready",
          "n=$(kubectl get nodes --no-headers | wc -l); echo \"$n of " + nodes.all().size() + " nodes registered\";"
              + " [[ $n -ge " + nodes.all().size() + " ]] && kubectl wait --for=condition=Ready nodes --all --timeout=600s"));
      master.step("knative_ready", () -> {
        try {
          master.sh(KNATIVE_AVAILABLE);
        } catch (CommandFailedException e) {
          throw new IllegalStateException("Knative Serving is not ready: not every deployment in knative-serving "
              + "became Available within 10 min, and its webhook refuses config changes until it is. "
              + "Check `kubectl -n knative-serving get pods` on " + master.host.name() + ". " + e.getMessage(), e);
        }
      }, new Check("every deployment in knative-serving is Available", KNATIVE_AVAILABLE));
      master.step("knative_features", () -> master.sh(
          // the webhook can refuse for a few seconds after it turns Available: retry for a minute
          "for i in 1 2 3 4 5 6 7; do kubectl -n knative-serving patch configmap config-features --type merge -p "
              + Shell.quote("{\"data\":{\"kubernetes.podspec-affinity\":\"enabled\","
                  + "\"kubernetes.podspec-tolerations\":\"enabled\"}}")
              + " && exit 0; [[ $i == 7 ]] && exit 1; sleep 10; done"),
          new Check("config-features enables kubernetes.podspec-affinity and kubernetes.podspec-tolerations",
              "flags=$(kubectl -n knative-serving get configmap config-features -o jsonpath="
                  + Shell.quote("{.data.kubernetes\\.podspec-affinity} {.data.kubernetes\\.podspec-tolerations}")
                  + "); echo \"affinity, tolerations: $flags\"; [[ $flags == 'enabled enabled' ]]"));
      master.step("online_shop_database", () -> {
        master.upload(resource("online-shop-database.yaml"), "faasrl/online-shop-database.yaml");
        master.sh("kubectl apply -f faasrl/online-shop-database.yaml");
      }, new Check("the online-shop Redis service exists", "kubectl get service online-shop-database"));
      master.step("metrics_server", () -> master.sh("kubectl apply -f " + Shell.quote(METRICS_SERVER)
          + " && { kubectl -n kube-system get deployment metrics-server"
          + " -o jsonpath='{.spec.template.spec.containers[0].args}' | grep -q -- --kubelet-insecure-tls"
          + " || kubectl -n kube-system patch deployment metrics-server --type=json"
          + " -p '[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/args/-\","
          + "\"value\":\"--kubelet-insecure-tls\"}]'; }"),
          new Check("metrics-server runs with --kubelet-insecure-tls",
              "kubectl -n kube-system get deployment metrics-server"
                  + " -o jsonpath='{.spec.template.spec.containers[0].args}' | grep -q -- --kubelet-insecure-tls"
                  + " && kubectl -n kube-system rollout status deployment/metrics-server --timeout=300s"));
      Path kubeconfig = out.resolve("kubeconfig");
      master.step("kubeconfig", () -> {
        master.sh("mkdir -p faasrl && install -m 600 \"$HOME/.kube/config\" faasrl/kubeconfig");
        master.ssh.download(master.dir + "/faasrl/kubeconfig", kubeconfig);
        restrict(kubeconfig);
      }, null);
      if (!Files.isRegularFile(kubeconfig)) { // recorded by an earlier run whose output folder lost it
        master.sh("install -m 600 \"$HOME/.kube/config\" faasrl/kubeconfig");
        master.ssh.download(master.dir + "/faasrl/kubeconfig", kubeconfig);
        restrict(kubeconfig);
      }
      return kubeconfig;
    } catch (StepException e) {
      throw new SetupFailedException(List.of(new SetupFailedException.Failure(e.node, e.step, e.cause)),
          stateFile().toString());
    } finally {
      sessions.values().forEach(n -> n.ssh.close());
    }
  }

  /** The step name of reaching a node: its failures are bad input (host, user, key, work dir). */
  public static final String CONNECT = "connect";
  private static final String KNATIVE_AVAILABLE =
      "kubectl -n knative-serving wait deploy --all --for=condition=Available --timeout=600s";

  private String mode() {
    return stockOnly ? " stock-only" : " firecracker";
  }

  /** Quickstart II.1 on every node (and I.4, Go), then the CPU governor the paper's runs used. */
  private void prepare(Session n) {
    String v = Shell.quote(version + "^{commit}");
    n.step("clone", () -> n.sh("{ [[ -d vhive/.git ]] || git clone --quiet " + Shell.quote(repository) + " vhive; }"
        + " && cd vhive && { git cat-file -e " + v + " 2>/dev/null || git fetch --quiet origin; }"
        + " && git checkout --quiet " + Shell.quote(version) + " && git log -1 --format='vhive at %H %s'"),
        new Check("vhive is checked out at " + version,
            "[[ $(git -C vhive rev-parse HEAD) == $(git -C vhive rev-parse --verify --quiet " + v + ") ]]"));
    n.step("install_go", () -> n.sh("cd vhive && ./scripts/install_go.sh"),
        new Check("Go is installed in /usr/local/go", "PATH=$PATH:/usr/local/go/bin go version"));
    n.step("setup_tool", () -> n.sh("mkdir -p /tmp/vhive-logs && cd vhive && export PATH=$PATH:/usr/local/go/bin"
        + " && pushd scripts >/dev/null && go build -o setup_tool && popd >/dev/null && mv scripts/setup_tool ."),
        new Check("vhive/setup_tool is built", "[[ -x vhive/setup_tool ]]"));
    n.step("setup_node", () -> n.sh("cd vhive && ./setup_tool setup_node" + mode()), new Check(
        "kubeadm at vHive's Kubernetes version (configs/setup/kube.json) installed, kubelet enabled, containerd installed",
        "want=v$(sed -n 's/.*\"K8sVersion\": *\"\\([^\"]*\\)\".*/\\1/p' vhive/configs/setup/kube.json);"
            + " got=$(kubeadm version -o short); echo \"kubeadm ${got:-missing}, vHive wants $want\";"
            + " [[ -n $got && $got == \"$want\" ]] && systemctl is-enabled kubelet && containerd --version"));
    n.step("cpu_governor", () -> n.sh("if ls /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor >/dev/null 2>&1;"
        + " then echo performance | sudo tee /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor >/dev/null;"
        + " echo 'CPU governor: performance'; else echo 'no cpufreq on this node: governor unchanged'; fi"), null);
  }

  /** Quickstart II.2.2 / II.3.1: containerd in a detached tmux session named containerd. */
  private void startContainerd(Session n) {
    n.step("containerd", () -> n.sh("if pgrep -x containerd >/dev/null; then echo 'containerd already running';"
        + " else mkdir -p /tmp/vhive-logs && tmux new-session -d -s containerd \"bash -lc 'sudo containerd"
        + " > >(tee -a /tmp/vhive-logs/containerd.stdout) 2> >(tee -a /tmp/vhive-logs/containerd.stderr >&2)'\""
        + " && echo 'containerd started in tmux session containerd'; fi"),
        new Check("containerd answers on its socket", "for i in $(seq 60); do"
            + " sudo ctr --address /run/containerd/containerd.sock version >/dev/null 2>&1 && echo 'containerd answers'"
            + " && exit 0; sleep 1; done; exit 1"));
  }

  private void monitoring(Session w) {
    w.upload(resource("prometheus.yml"), "faasrl/prometheus.yml");
    w.sh("sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus prometheus-node-exporter"
        + " && { [[ -e /etc/prometheus/prometheus.yml.faasrl-orig ]] || sudo cp /etc/prometheus/prometheus.yml"
        + " /etc/prometheus/prometheus.yml.faasrl-orig; }"
        + " && sudo cp faasrl/prometheus.yml /etc/prometheus/prometheus.yml"
        + " && sudo systemctl restart prometheus-node-exporter prometheus"
        + " && echo 'monitoring: node_exporter + prometheus (1 s scrape)'");
  }

  /**
   * Quickstart II.3.2, II.4 and II.5.1. On a node that already runs a control plane (an earlier,
   * interrupted run) kubeadm init is not repeated: workers join with a fresh token, and vHive's
   * master set-up runs only if it never got as far as creating its registry namespace.
   */
  private void createCluster(Session master, List<Session> workers) {
    String userKubeconfig = "mkdir -p \"$HOME/.kube\" && sudo install -m 600 -o \"$(id -u)\" -g \"$(id -g)\""
        + " /etc/kubernetes/admin.conf \"$HOME/.kube/config\"";
    if (master.holds(CONTROL_PLANE)) {
      master.ssh.note("a control plane already runs on " + master.host.name() + ": kubeadm init is not run again");
      JoinLine join = new JoinLine();
      master.sh(Command.of(Shell.bash("cd " + Shell.quote(master.dir) + " && sudo kubeadm token create --print-join-command"))
          .timeout(Duration.ofMinutes(2)).onLine(join::accept));
      joinWorkers(workers, join);
      master.sh(userKubeconfig);
      if (master.holds("kubectl get namespace registry >/dev/null 2>&1")) {
        master.ssh.note("vHive's master set-up already ran (namespace registry exists): not repeated");
      } else {
        master.sh("cd vhive && ./setup_tool setup_master_node" + mode());
      }
      return;
    }
    // vHive copies admin.conf with `cp -i`, which would ask before replacing a stale kubeconfig
    master.sh("if [[ -e \"$HOME/.kube/config\" ]]; then mv -v \"$HOME/.kube/config\""
        + " \"$HOME/.kube/config.before-faasrl-$(date +%s)\"; fi");
    JoinLine join = new JoinLine();
    master.sh(Command.of(Shell.bash("cd " + Shell.quote(master.dir + "/vhive") + " && ./setup_tool create_multinode_cluster"
        + mode()))
        .pty(true) // the prompt has no newline: read it as it comes, on a terminal like a user would
        .timeout(stepTimeout)
        .onLine(join::accept)
        .answer(JOIN_PROMPT, () -> {
          joinWorkers(workers, join);
          return "y";
        }));
    master.sh(userKubeconfig);
  }

  private void joinWorkers(List<Session> workers, JoinLine join) {
    String cmd = join.command().orElseThrow(() -> new IllegalStateException(
        "the master printed no 'kubeadm join ...' line to run on the workers"));
    List<Runnable> joins = new ArrayList<>();
    for (Session w : workers) {
      joins.add(() -> w.step("join", () -> w.sh("if [[ -f " + SYSROOT + "/etc/kubernetes/kubelet.conf ]];"
          + " then echo 'already joined'; else sudo " + cmd + "; fi"),
          new Check("the worker's kubelet is active with a cluster configuration",
              "[[ -f " + SYSROOT + "/etc/kubernetes/kubelet.conf ]] && systemctl is-active kubelet")));
    }
    parallel(joins);
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
    try {
      String wd = Shell.path(workDir.replace("{node}", h.name()));
      String probe;
      try {
        probe = ssh.exec(Command.of(Shell.bash("echo \"login shell: $(getent passwd \"$(id -un)\" | cut -d: -f7)\";"
            + " mkdir -p " + wd + " && cd " + wd + " && mkdir -p faasrl && pwd")).timeout(Duration.ofMinutes(2)));
      } catch (CommandFailedException e) {
        if (e.exitCode() == 127 && e.tail().stream().anyMatch(l -> l.contains("bash"))) {
          throw new IllegalStateException(h.name() + ": bash is not on the login PATH; vHive's set-up runs under bash", e);
        }
        throw new IllegalStateException(h.name() + ": cannot create the work folder " + workDir + ": "
            + String.join("; ", e.tail()), e);
      }
      List<String> lines = probe.lines().toList();
      String shell = lines.stream().filter(l -> l.startsWith("login shell: ")).findFirst().orElse("login shell: ?")
          .substring("login shell: ".length());
      if (!shell.endsWith("/bash")) {
        ssh.note("login shell is " + shell + ", not bash: every command runs under bash -c");
      }
      return new Session(h, ssh, lines.get(lines.size() - 1), state);
    } catch (RuntimeException e) {
      ssh.close();
      throw e;
    }
  }

  /** A postcondition: what must hold, and a bash command that exits 0 when it does. */
  private record Check(String what, String command) {}

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

    /**
     * Runs a step unless it is recorded done and its postcondition still holds; records it done
     * only once its postcondition holds.
     */
    void step(String name, Runnable body, Check check) {
      if (state.isDone(host.name(), name)) {
        if (check == null || holds(check.command())) {
          listener.skipped(host.name(), name);
          return;
        }
        ssh.note(name + " is recorded done but " + check.what() + " no longer holds: running it again");
      }
      listener.started(host.name(), name);
      long t0 = System.nanoTime();
      try {
        body.run();
        if (check != null) {
          verify(name, check);
        }
      } catch (StepException | SetupFailedException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new StepException(host.name(), name, e);
      }
      state.markDone(host.name(), name);
      listener.finished(host.name(), name, Duration.ofNanos(System.nanoTime() - t0));
    }

    private void verify(String name, Check check) {
      try {
        sh(check.command());
      } catch (CommandFailedException e) {
        throw new IllegalStateException(name + " ran but did not do its work: " + check.what() + " does not hold"
            + (e.tail().isEmpty() ? "" : "; the check printed:\n  " + String.join("\n  ", e.tail())), e);
      }
    }

    /** True when {@code command} exits 0 (logged like any command). */
    boolean holds(String command) {
      try {
        sh(command);
        return true;
      } catch (CommandFailedException e) {
        return false;
      }
    }

    /** Runs a bash command in the work folder. */
    String sh(String command) {
      return sh(Command.of(Shell.bash("cd " + Shell.quote(dir) + " && " + command)).timeout(stepTimeout));
    }

    String sh(Command command) {
      return ssh.exec(command);
    }

    void upload(byte[] content, String relative) {
      ssh.upload(content, dir + "/" + relative);
    }
  }
}
