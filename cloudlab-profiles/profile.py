"""faasrl: a vHive (Kubernetes + Knative) cluster like the paper's.

One master and four workers (by default) of the same hardware type on one LAN, all running
Ubuntu 20.04, the release vHive's stock-only set-up of the paper's era supports. Nothing is
installed by the profile itself: once the experiment is ready, run `faasrl setup` from your own
machine (see cloudlab-profiles/README.md in the faasrl repository).

Instructions:
Wait until every node is ready, download the manifest (the experiment page's "Manifest" tab, or
`Actions > Download manifest`), then run
`faasrl setup --manifest manifest.xml --user YOUR_CLOUDLAB_USER --key ~/.ssh/id_ed25519`.
node0 is the master; node1..N-1 are the workers. The LAN addresses are 10.0.1.1, 10.0.1.2, ...
"""

import geni.portal as portal
import geni.rspec.pg as pg

# Ubuntu 20.04 (focal), as vHive at commit 3b10548 expects
UBUNTU_2004 = "urn:publicid:IDN+emulab.net+image+emulab-ops//UBUNTU20-64-STD"

pc = portal.Context()
pc.defineParameter("nodeCount", "Number of nodes (one master plus workers)",
                   portal.ParameterType.INTEGER, 5,
                   longDescription="node0 is the Kubernetes master, the others are workers. "
                                   "The paper used 1 master and 3 or 4 workers.")
pc.defineParameter("hardwareType", "Hardware type",
                   portal.ParameterType.NODETYPE, "xl170",
                   longDescription="xl170 (Utah): 10 cores / 20 threads E5-2640v4, 64 GB, 25 GbE, "
                                   "as in the paper.")
pc.defineParameter("osImage", "Disk image",
                   portal.ParameterType.IMAGE, UBUNTU_2004,
                   advanced=True,
                   longDescription="Keep Ubuntu 20.04 unless you also pin a newer vHive.")
pc.defineParameter("lanSpeedKbps", "LAN bandwidth (kbit/s, 0 = the hardware's best)",
                   portal.ParameterType.INTEGER, 0, advanced=True)
params = pc.bindParameters()

if params.nodeCount < 2 or params.nodeCount > 64:
    pc.reportError(portal.ParameterError(
        "nodeCount must be 2..64 (one master and at least one worker), was %d" % params.nodeCount,
        ["nodeCount"]))
if params.lanSpeedKbps < 0:
    pc.reportError(portal.ParameterError("lanSpeedKbps must be >= 0", ["lanSpeedKbps"]))
pc.verifyParameters()

request = pc.makeRequestRSpec()
lan = request.LAN("lan0")
if params.lanSpeedKbps > 0:
    lan.bandwidth = params.lanSpeedKbps

for i in range(params.nodeCount):
    node = request.RawPC("node%d" % i)
    node.hardware_type = params.hardwareType
    node.disk_image = params.osImage
    iface = node.addInterface("if%d" % i)
    iface.addAddress(pg.IPv4Address("10.0.1.%d" % (i + 1), "255.255.255.0"))
    lan.addInterface(iface)

pc.printRequestRSpec(request)
