package faasrl.setup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JoinLineTest {
  static final String HASH = "sha256:" + "ab".repeat(32);

  @Test void joinsKubeadmsTwoLineCommand() {
    JoinLine j = new JoinLine();
    j.accept("Then you can join any number of worker nodes by running the following on each as root:");
    assertThat(j.command()).isEmpty();
    j.accept("kubeadm join 10.0.1.1:6443 --token abcdef.0123456789abcdef \\");
    assertThat(j.command()).isEmpty();
    j.accept("\t--discovery-token-ca-cert-hash " + HASH + " ");
    assertThat(j.command()).hasValue("kubeadm join 10.0.1.1:6443 --token abcdef.0123456789abcdef "
        + "--discovery-token-ca-cert-hash " + HASH);
  }

  @Test void readsSetupToolsOneLineFormAndIgnoresIncompleteOnes() {
    JoinLine j = new JoinLine();
    j.accept("kubeadm join <IP>:<PORT> --token <token> --discovery-token-ca-cert-hash <hash>");
    assertThat(j.command()).isEmpty();
    j.accept("\u001b[32mJoin cluster from worker nodes with command: sudo kubeadm join 128.110.154.221:6443 "
        + "--token 8y2k3q.abcdefghij012345 --discovery-token-ca-cert-hash " + HASH + "\u001b[0m");
    assertThat(j.command()).hasValue("kubeadm join 128.110.154.221:6443 --token 8y2k3q.abcdefghij012345"
        + " --discovery-token-ca-cert-hash " + HASH);
  }

  @Test void takesOnlyWhatAJoinLineCanHoldSinceWorkersRunIt() {
    JoinLine j = new JoinLine();
    j.accept("kubeadm join 10.0.1.1:6443;reboot --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash "
        + HASH);
    j.accept("kubeadm join 10.0.1.1:6443 --token $(reboot) --discovery-token-ca-cert-hash " + HASH);
    assertThat(j.command()).isEmpty();
  }

  @Test void masksTokensForLogs() {
    assertThat(OutputPump.mask("kubeadm join 1.2.3.4:6443 --token abc.def --discovery-token-ca-cert-hash " + HASH))
        .isEqualTo("kubeadm join 1.2.3.4:6443 --token *** --discovery-token-ca-cert-hash ***");
  }
}
