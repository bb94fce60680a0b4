package faasrl.setup;

/**
 * A machine of the cluster as set-up sees it.
 *
 * @param name       short name (CloudLab's client_id, e.g. {@code node0}), used in logs and state
 * @param address    where to reach it over SSH
 * @param port       SSH port
 * @param lanAddress its address on the cluster's LAN (the experiment network), or empty
 */
public record Host(String name, String address, int port, String lanAddress) {
  public Host {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("node name must be letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("node " + name + ": address must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("node " + name + ": ssh port must be 1..65535, was " + port);
    }
    lanAddress = lanAddress == null ? "" : lanAddress;
  }

  @Override public String toString() {
    return name + " (" + address + (port == 22 ? "" : ":" + port) + ")";
  }
}
