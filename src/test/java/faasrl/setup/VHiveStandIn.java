package faasrl.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A git repository laid out like vHive at the pinned commit whose {@code setup_tool} (built by a
 * stand-in {@code go build}) prints what vHive's prints (kubeadm's bootstrap token, the join line,
 * the y/n prompt) but changes nothing outside the test folder, plus stand-in {@code sudo},
 * {@code kubeadm}, {@code kubectl}, {@code systemctl}, {@code tmux} and {@code go} that record their
 * calls, and a {@code pgrep} that finds no daemon. Each node's "system" files live in
 * {@code NODE/.standin} ({@code FAASRL_SYSROOT}); calls go to {@code vhive/calls.log} in each node's
 * folder and to {@code $HOME/events.log}.
 *
 * <p>Upstream failure modes, switched on by a file in the stand-in home:
 * <ul>
 *   <li>{@code fail-worker-kubelet}: setup_worker_kubelet fails (exit 1, apt's error);
 *   <li>{@code setup-node-installs-nothing}: setup_node exits 0 without installing kubeadm, as
 *       vHive's scripts without {@code set -e} did;
 *   <li>{@code webhook-not-ready}: Knative's deployments never turn Available and its webhook
 *       refuses the config-features patch.
 * </ul>
 * Like kubeadm, creating the cluster twice fails ("already exists"), and like vHive's {@code cp -i},
 * an existing {@code ~/.kube/config} makes create ask before overwriting it.
 */
final class VHiveStandIn {
  static final String TOKEN = "8y2k3q.abcdefghij012345";
  static final String HASH = "sha256:" + "0123456789abcdef".repeat(4);
  static final String JOIN = "kubeadm join 10.0.1.1:6443 --token " + TOKEN + " --discovery-token-ca-cert-hash " + HASH;
  final Path repo;
  final Path bin;
  final Path home;
  final String commit;

  VHiveStandIn(Path dir) throws Exception {
    repo = dir.resolve("vhive-src");
    bin = dir.resolve("bin");
    home = dir.resolve("home");
    Files.createDirectories(home);
    script(repo.resolve("configs/setup/kube.json"), null, "{\n\t\"K8sVersion\": \"1.35.3\",\n"
        + "\t\"PodNetworkCidr\": \"192.168.0.0/16\"\n}\n");
    script(repo.resolve("scripts/install_go.sh"), "ROOT=\"$(git rev-parse --show-toplevel)\"\n"
        + "echo \"install_go.sh $*\" >> \"$ROOT/calls.log\"\n"
        + "echo 'Installing go version 1.26.2'\n", null);
    script(repo.resolve("scripts/setup_tool.standin"), "ROOT=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\n"
        + "NODE=\"$(dirname \"$ROOT\")\"; SYS=\"$NODE/.standin\"; mkdir -p \"$SYS\"\n"
        + "echo \"setup_tool $*\" >> \"$ROOT/calls.log\"\n"
        + "case \"$1\" in\n"
        + "setup_node)\n"
        + "  echo 'Turn off automatic update'; echo 'Set up system'; echo 'Install stock'\n"
        + "  echo 'Installing containerd(ver 2.2.3) ... Installing kubeadm, kubelet, kubectl'\n"
        + "  if [ ! -e \"$HOME/setup-node-installs-nothing\" ]; then\n"
        + "    touch \"$SYS/kubeadm.installed\" \"$SYS/kubelet.enabled\"\n"
        + "  fi\n"
        + "  exit 0;;\n"
        + "setup_worker_kubelet)\n"
        + "  if [ -e \"$HOME/fail-worker-kubelet\" ]; then\n"
        + "    echo 'E: Unable to locate package kubelet' >&2; echo 'Failed subcommand: setup_worker_kubelet!'; exit 1\n"
        + "  fi\n"
        + "  mkdir -p \"$SYS/etc/default\"\n"
        + "  echo \"KUBELET_EXTRA_ARGS=\\\"--v=0 --container-runtime-endpoint=unix:///run/containerd/containerd.sock\\\"\" > \"$SYS/etc/default/kubelet\"\n"
        + "  echo 'Creating kubelet service';;\n"
        + "create_multinode_cluster)\n"
        + "  echo 'Creating kubelet service'; echo 'Deploying Kubernetes(version 1.35.3)'\n"
        + "  if [ -e \"$SYS/etc/kubernetes/admin.conf\" ]; then\n"
        + "    echo '[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists' >&2\n"
        + "    echo 'Failed to deploy Kubernetes(version 1.35.3)!'; exit 1\n"
        + "  fi\n"
        + "  mkdir -p \"$SYS/etc/kubernetes\" && echo 'apiVersion: v1 # stand-in admin.conf' > \"$SYS/etc/kubernetes/admin.conf\"\n"
        + "  touch \"$SYS/kubelet.active\"\n"
        + "  echo \"[bootstrap-token] Using token: " + TOKEN + "\"\n"
        + "  echo 'Making kubectl work for non-root user'\n"
        + "  if [ -e \"$HOME/.kube/config\" ]; then read -p \"cp: overwrite '$HOME/.kube/config'? \" ow; fi\n"
        + "  mkdir -p \"$HOME/.kube\" && echo 'apiVersion: v1 # stand-in kubeconfig' > \"$HOME/.kube/config\"\n"
        + "  echo \"ApiserverToken: " + TOKEN + "\" > \"$ROOT/masterKey.yaml\"\n"
        + "  echo \"Join cluster from worker nodes with command: sudo " + JOIN + "\"\n"
        + "  while true; do\n"
        + "    read -p 'All nodes need to be joined in the cluster. Have you joined all nodes? (y/n): ' yn\n"
        + "    case $yn in [Yy]*) break;; [Nn]*) continue;; *) echo 'Please answer yes or no (y/n):';; esac\n"
        + "  done\n"
        + "  echo confirmed >> \"$HOME/events.log\"\n"
        + "  echo 'Set up master node'; \"$0\" setup_master_node \"$2\";;\n"
        + "setup_master_node)\n"
        + "  echo 'Installing Calico 3.31.5, MetalLB 0.15.3, Istio 1.29.2, Knative Serving 1.21.2 ...'\n"
        + "  touch \"$HOME/registry-namespace\";;\n"
        + "*) echo \"Invalid subcommand --> $1!\"; exit 1;;\n"
        + "esac\n", null);
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "stand-in vHive");
    commit = new String(new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start()
        .getInputStream().readAllBytes()).trim();
    script(bin.resolve("go"), "case \"$1\" in\n"
        + "  version) echo 'go version go1.26.2 linux/amd64';;\n"
        + "  build) [ \"$2\" = -o ] && cp setup_tool.standin \"$3\" && chmod +x \"$3\";;\n"
        + "  *) echo \"stand-in go: $*\" >&2; exit 2;;\n"
        + "esac\n", null);
    script(bin.resolve("sudo"), "case \"$(command -v \"$1\")\" in\n"
        + "  \"$(dirname \"$0\")\"/*) exec \"$@\";;\n"
        + "  *) echo \"[stand-in sudo] not run: $*\";;\n"
        + "esac\n", null);
    script(bin.resolve("kubeadm"), "SYS=\"$PWD/.standin\"\n"
        + "case \"$1\" in\n"
        + "  version) if [ -e \"$SYS/kubeadm.installed\" ]; then echo v1.35.3;"
        + " else echo 'bash: kubeadm: command not found' >&2; exit 127; fi;;\n"
        + "  join) echo \"join $PWD\" >> \"$HOME/events.log\"; echo \"kubeadm $*\" >> kubeadm.log\n"
        + "    mkdir -p \"$SYS/etc/kubernetes\" && touch \"$SYS/etc/kubernetes/kubelet.conf\" \"$SYS/kubelet.active\"\n"
        + "    echo 'This node has joined the cluster';;\n"
        + "  token) echo \"token $PWD\" >> \"$HOME/events.log\"; echo '" + JOIN + " ';;\n"
        + "esac\n", null);
    script(bin.resolve("systemctl"), "SYS=\"$PWD/.standin\"; what=$1; shift\n"
        + "case \"$what\" in\n"
        + "  is-enabled|is-active) s=${what#is-}; for u in \"$@\"; do\n"
        + "      if [ -e \"$SYS/$u.$s\" ]; then echo \"$s\"; else echo inactive; exit 3; fi; done;;\n"
        + "  restart|start) mkdir -p \"$SYS\"; for u in \"$@\"; do touch \"$SYS/$u.active\"; done;;\n"
        + "esac\n", null);
    script(bin.resolve("containerd"), "echo 'containerd github.com/containerd/containerd/v2 v2.2.3'\n", null);
    script(bin.resolve("tmux"), "echo \"tmux $*\" >> \"$HOME/events.log\"\n", null);
    // no stand-in node runs a containerd daemon (tmux above starts nothing); the real pgrep would see the
    // stand-in containerd above, run by another node's install check on this shared host, as one
    script(bin.resolve("pgrep"), "exit 1\n", null);
    script(bin.resolve("kubectl"), "echo \"kubectl $*\" >> \"$HOME/events.log\"\n"
        + "notready() { [ -e \"$HOME/webhook-not-ready\" ]; }\n"
        + "case \"$*\" in\n"
        + "  'get nodes --no-headers') echo 'node0 Ready control-plane'; grep '^join ' \"$HOME/events.log\" | sort -u"
        + " | while read -r _ d; do echo \"$(basename \"$d\") Ready <none>\"; done;;\n"
        + "  *'wait deploy --all'*) if notready; then echo 'error: timed out waiting for the condition on"
        + " deployments/webhook' >&2; exit 1; fi; echo 'deployment.apps/webhook condition met';;\n"
        + "  *'patch configmap config-features'*) if notready; then echo 'Error from server (InternalError):"
        + " Internal error occurred: failed calling webhook \"config.webhook.serving.knative.dev\": connect:"
        + " connection refused' >&2; exit 1; fi; touch \"$HOME/features-patched\";"
        + " echo 'configmap/config-features patched';;\n"
        + "  *'get configmap config-features'*) if [ -e \"$HOME/features-patched\" ]; then printf 'enabled enabled';"
        + " else printf ' '; fi;;\n"
        + "  'get namespace registry') [ -e \"$HOME/registry-namespace\" ] || { echo 'Error from server (NotFound)' >&2;"
        + " exit 1; };;\n"
        + "  *'get deployment metrics-server'*) if [ -e \"$HOME/metrics-patched\" ]; then"
        + " echo '[\"--cert-dir=/tmp\",\"--kubelet-insecure-tls\"]'; else echo '[\"--cert-dir=/tmp\"]'; fi;;\n"
        + "  *'patch deployment metrics-server'*) touch \"$HOME/metrics-patched\"; echo patched;;\n"
        + "  *) echo 'configured';;\n"
        + "esac\n", null);
  }

  /** sshd_config lines that give sessions this stand-in's home and PATH. */
  String[] sshdEnvironment() {
    return new String[] {"SetEnv HOME=" + home + " PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin"
        + " FAASRL_SYSROOT=.standin"};
  }

  List<String> events() throws Exception {
    Path f = home.resolve("events.log");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  /** The stand-in scripts each node ran, in order. */
  List<String> calls(String node) throws Exception {
    Path f = home.resolve(node).resolve("vhive/calls.log");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  /** An executable stand-in script with {@code body}, or a plain file with {@code text}. */
  private static void script(Path p, String body, String text) throws Exception {
    Files.createDirectories(p.getParent());
    if (text != null) {
      Files.writeString(p, text);
      return;
    }
    Files.writeString(p, "#!/bin/bash\n# faasrl test stand-in: prints what the real one prints, changes nothing\n"
        + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void git(Path dir, String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
    }
  }
}
