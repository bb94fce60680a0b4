# Stand-in for geni.rspec.pg: just enough to record nodes, interfaces, addresses, boot services and LANs.


class IPv4Address(object):
    def __init__(self, address, netmask):
        self.address = address
        self.netmask = netmask


class Interface(object):
    def __init__(self, name, node):
        self.name = name
        self.node = node
        self.addresses = []

    def addAddress(self, address):
        self.addresses.append(address)


class Execute(object):
    def __init__(self, shell, command):
        self.shell = shell
        self.command = command


class RawPC(object):
    def __init__(self, name):
        self.name = name
        self.hardware_type = None
        self.disk_image = None
        self.interfaces = []
        self.services = []

    def addService(self, service):
        self.services.append(service)

    def addInterface(self, name):
        i = Interface(name, self)
        self.interfaces.append(i)
        return i


class LAN(object):
    def __init__(self, name):
        self.name = name
        self.bandwidth = None
        self.interfaces = []

    def addInterface(self, interface):
        self.interfaces.append(interface)


class Request(object):
    def __init__(self):
        self.nodes = []
        self.lans = []

    def RawPC(self, name):
        n = RawPC(name)
        self.nodes.append(n)
        return n

    def LAN(self, name):
        lan = LAN(name)
        self.lans.append(lan)
        return lan

    def describe(self):
        return {
            "nodes": [{"name": n.name, "hardware_type": n.hardware_type, "disk_image": n.disk_image,
                       "addresses": [a.address for i in n.interfaces for a in i.addresses],
                       "execute": [{"shell": x.shell, "command": x.command} for x in n.services]} for n in self.nodes],
            "lans": [{"name": l.name, "bandwidth": l.bandwidth,
                      "members": [i.node.name for i in l.interfaces]} for l in self.lans],
        }
