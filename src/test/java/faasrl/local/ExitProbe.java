package faasrl.local;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;

/**
 * A JVM that starts a local cluster, then by its argument: deploys one replica, prints its pid,
 * the cgroup and the log directory, and either exits without closing the cluster ({@code exit}),
 * waits to be killed ({@code wait}) or runs a 60 s step to be stopped during ({@code step}); or
 * prints the cgroup and log directory first and then deploys, to be killed while the replica starts
 * ({@code starting}).
 */
public final class ExitProbe {
  public static void main(String[] args) throws Exception {
    LocalCluster c = Clusters.local().start();
    if (args[0].equals("starting")) {
      System.out.println("cgroup=" + c.cgroupDescription());
      System.out.println("logs=" + c.logDirectory());
      System.out.flush();
    }
    c.deploy(Catalog.onlineShop().get("shippingservice"), ScalingConfig.defaults().cpuMillicores(300));
    System.out.println("pid=" + c.replicaPids("shippingservice").get(0));
    System.out.println("cgroup=" + c.cgroupDescription());
    System.out.println("logs=" + c.logDirectory());
    System.out.flush();
    switch (args[0]) {
      case "exit" -> System.exit(0); // no close(): the shutdown hook must clean up
      case "step" -> {
        System.out.println("stepping");
        System.out.flush();
        c.run(Load.of("shippingservice", LoadPattern.constant(50)).seconds(60));
        System.out.println("step ended");
      }
      default -> Thread.sleep(60_000);
    }
  }
}
