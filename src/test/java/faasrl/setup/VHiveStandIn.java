package faasrl.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A git repository laid out like vHive whose scripts print what vHive's print (kubeadm's join line
 * split over two lines, the {@code read -p} y/n prompt) but change nothing on this machine, plus
 * stand-in {@code sudo}, {@code kubeadm} and {@code kubectl} that record their calls. Scripts log
 * to {@code vhive/calls.log} in each node's folder and to {@code $HOME/events.log}.
 */
final class VHiveStandIn {
  static final String TOKEN = "8y2k3q.abcdefghij012345";
  static final String HASH = "sha256:" + "0123456789abcdef".repeat(4);
  final Path repo;
  final Path bin;
  final Path home;
  final String commit;

  VHiveStandIn(Path dir) throws Exception {
    repo = dir.resolve("vhive-src");
    bin = dir.resolve("bin");
    home = dir.resolve("home");
    Files.createDirectories(home);
    String record = "ROOT=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/../..\" && pwd)\"\n"
        + "echo \"$(basename \"$0\") $*\" >> \"$ROOT/calls.log\"\n";
    script(repo.resolve("scripts/cloudlab/setup_node.sh"), record
        + "echo 'Installing golang 1.18, containerd 1.6.2, runc, CNI plugins ...'\n"
        + "echo 'Disabling swap, loading br_netfilter and overlay ...'\n"
        + "echo 'Installing kubelet kubeadm kubectl 1.23.5-00 ...'\n"
        + "echo \"Node set up ($1)\"\n");
    script(repo.resolve("scripts/cluster/setup_worker_kubelet.sh"), record
        + "if [ -e \"$HOME/fail-worker-kubelet\" ]; then\n"
        + "  echo 'E: Unable to locate package kubelet' >&2; exit 100\n"
        + "fi\n"
        + "echo 'Created symlink /etc/systemd/system/multi-user.target.wants/kubelet.service'\n");
    script(repo.resolve("scripts/cluster/create_multinode_cluster.sh"), record
        + "cat <<'EOF'\n"
        + "[init] Using Kubernetes version: v1.23.5\n"
        + "[preflight] Running pre-flight checks\n"
        + "Your Kubernetes control-plane has initialized successfully!\n"
        + "\n"
        + "Then you can join any number of worker nodes by running the following on each as root:\n"
        + "\n"
        + "kubeadm join 10.0.1.1:6443 --token " + TOKEN + " \\\n"
        + "\t--discovery-token-ca-cert-hash " + HASH + "\n"
        + "EOF\n"
        + "mkdir -p \"$HOME/.kube\" && echo 'apiVersion: v1 # stand-in kubeconfig' > \"$HOME/.kube/config\"\n"
        + "while true; do\n"
        + "    read -p \"All nodes need to be joined in the cluster. Have you joined all nodes? (y/n): \" yn\n"
        + "    case $yn in\n"
        + "        [Yy]* ) break;;\n"
        + "        [Nn]* ) continue;;\n"
        + "        * ) echo \"Please answer yes or no.\";;\n"
        + "    esac\n"
        + "done\n"
        + "echo confirmed >> \"$HOME/events.log\"\n"
        + "echo 'Installing Calico, MetalLB, Istio 1.12.5 and Knative Serving 1.4.0 ...'\n");
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "stand-in vHive");
    commit = new String(new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start()
        .getInputStream().readAllBytes()).trim();
    script(bin.resolve("sudo"), "case \"$(command -v \"$1\")\" in\n"
        + "  \"$(dirname \"$0\")\"/*) exec \"$@\";;\n"
        + "  *) echo \"[stand-in sudo] not run: $*\";;\n"
        + "esac\n");
    script(bin.resolve("kubeadm"), "echo \"join $PWD\" >> \"$HOME/events.log\"\n"
        + "echo \"kubeadm $*\" >> kubeadm.log\n"
        + "echo 'This node has joined the cluster'\n");
    script(bin.resolve("kubectl"), "echo \"kubectl $*\" >> \"$HOME/events.log\"\n"
        + "case \"$*\" in\n"
        + "  *'get deployment metrics-server'*) echo '[\"--cert-dir=/tmp\",\"--secure-port=4443\"]';;\n"
        + "  *) echo 'configured';;\n"
        + "esac\n");
  }

  /** sshd_config lines that give sessions this stand-in's home and PATH. */
  String[] sshdEnvironment() {
    return new String[] {"SetEnv HOME=" + home + " PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin"};
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

  private static void script(Path p, String body) throws Exception {
    Files.createDirectories(p.getParent());
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
