"""faasrl: a vHive (Kubernetes + Knative) cluster like the paper's.

One master and four workers (by default) of the same hardware type on one LAN, all running
Ubuntu 24.04, the release current vHive supports (its own profile is ntu-cloud/vhive-ubuntu24). At
boot each node grows its root file system to the whole disk with vHive's
scripts/cloudlab/cloudlab-grow-rootfs.sh (container images and Knative need the room); nothing else
is installed by the profile: once the experiment is ready, run `faasrl setup` from your own machine
(see cloudlab-profiles/README.md in the faasrl repository).

Instructions:
Wait until every node is ready, download the manifest (the experiment page's "Manifest" tab, or
`Actions > Download manifest`), then run
`faasrl setup --manifest manifest.xml --user YOUR_CLOUDLAB_USER --key ~/.ssh/id_ed25519`.
node0 is the master; node1..N-1 are the workers. The LAN addresses are 10.0.1.1, 10.0.1.2, ...
"""

import geni.portal as portal
import geni.rspec.pg as pg

# Ubuntu 24.04 (noble), as vHive's current set-up expects
UBUNTU_2404 = "urn:publicid:IDN+emulab.net+image+emulab-ops//UBUNTU24-64-STD"
# the vHive commit `faasrl setup` installs (VHiveSetup.VHIVE_VERSION; a test keeps the two equal)
VHIVE_COMMIT = "86fb026c767902ca37a7632cbcd01420b6e6b2f4"
GROW_ROOTFS_URL = ("https://raw.githubusercontent.com/vhive-serverless/vHive/%s/scripts/cloudlab/cloudlab-grow-rootfs.sh"
                   % VHIVE_COMMIT)
# as root at every boot; the script does nothing once the root partition fills the disk
GROW_ROOTFS = ("sudo sh -c 'wget -q -O /tmp/cloudlab-grow-rootfs.sh %s"
               " && sh /tmp/cloudlab-grow-rootfs.sh > /var/tmp/cloudlab-grow-rootfs.log 2>&1'" % GROW_ROOTFS_URL)

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
                   portal.ParameterType.IMAGE, UBUNTU_2404,
                   advanced=True,
                   longDescription="Keep Ubuntu 24.04: vHive's set-up is tested there.")
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
    node.addService(pg.Execute(shell="sh", command=GROW_ROOTFS))

pc.printRequestRSpec(request)
