# Stand-in for geni.portal: parameters come from $PROFILE_PARAMS (JSON), errors exit 3.
import json
import os
import sys

from geni.rspec import pg


class ParameterType:
    INTEGER = "integer"
    NODETYPE = "nodetype"
    IMAGE = "image"
    STRING = "string"


class ParameterError(Exception):
    def __init__(self, message, params):
        Exception.__init__(self, message)
        self.params = params


class _Params(object):
    pass


class Context(object):
    def __init__(self):
        self._defaults = {}
        self._errors = []

    def defineParameter(self, name, description, kind, default, **kwargs):
        self._defaults[name] = default

    def bindParameters(self):
        given = json.loads(os.environ.get("PROFILE_PARAMS", "{}"))
        p = _Params()
        for k, v in self._defaults.items():
            setattr(p, k, given.get(k, v))
        return p

    def reportError(self, error):
        self._errors.append(error)

    def verifyParameters(self):
        if self._errors:
            for e in self._errors:
                print("ParameterError %s: %s" % (e.params, e), file=sys.stderr)
            sys.exit(3)

    def makeRequestRSpec(self):
        return pg.Request()

    def printRequestRSpec(self, request):
        print(json.dumps(request.describe(), indent=1))
