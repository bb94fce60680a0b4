package faasrl.local;

import faasrl.cluster.Cluster;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;

/**
 * A JVM that starts a local cluster with one replica, prints the replica's pid and cgroup, then
 * either exits without closing the cluster ({@code exit}) or waits to be killed ({@code wait}).
 */
public final class ExitProbe {
  public static void main(String[] args) throws Exception {
    LocalCluster c = Cluster.local().start();
    c.deploy(Catalog.onlineShop().get("shippingservice"), ScalingConfig.defaults().cpuMillicores(300));
    System.out.println("pid=" + c.replicaPids("shippingservice").get(0));
    System.out.println("cgroup=" + c.cgroupDescription());
    System.out.flush();
    if (args[0].equals("exit")) {
      System.exit(0); // no close(): the shutdown hook must clean up
    }
    Thread.sleep(60_000);
  }
}
