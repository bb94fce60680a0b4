# Test stand-in for geni-lib (not installable here): records what a profile builds, prints it as JSON.
