"""Builds the taxonc package from the repository's C sources.

build_ext runs the project's Makefile (one source of truth for the source
list and flags) into a folder of the build tree: libtaxonc.a and the taxonc
binary, all objects -fPIC, warnings not fatal (a newer compiler than CI's
must not stop an install). The extension src/taxoncmodule.c is linked
with libtaxonc.a and the libraries `make print-libs` names (libyaml,
PCRE2, zlib, libmicrohttpd; libarchive is opened at run time), and the
binary is copied into the package as taxonc/bin/taxonc, which the
`taxonc` console script execs.

TAXONC_BUILD_DIR, when set, holds the whole build (make's objects and
setuptools' build tree) instead of python/build, so test runs in their
own folders neither race nor reuse each other's.

Needs the repository around python/ (pip >= 21.3 builds in place), a C
compiler, make, pkg-config and the -dev packages scripts/deps.sh lists.
"""
import os
import shutil
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD_DIR = os.environ.get("TAXONC_BUILD_DIR")


class BuildWithLibrary(build_ext):
    def run(self):
        if not os.path.exists(os.path.join(ROOT, "validators", "taxonc.h")):
            raise SystemExit("taxonc: error: cannot find the C sources in '%s'; install from a "
                             "clone (pip install ./python, pip >= 21.3)" % ROOT)
        out = os.path.join(os.path.abspath(self.build_temp), "libtaxonc")
        make = ["make", "-C", ROOT, "BUILD=" + out, "SANITIZE="]
        subprocess.check_call(make + ["-j%d" % (os.cpu_count() or 1), "OPT=-O2",
                                      "WARN=-Wall", "CFLAGS=-fPIC", os.path.join(out, "taxonc")])
        libs = subprocess.check_output(make + ["-s", "print-libs"]).decode().split()
        for ext in self.extensions:
            ext.include_dirs.append(os.path.join(ROOT, "validators"))
            ext.extra_objects.append(os.path.join(out, "libtaxonc.a"))
            ext.extra_link_args.extend(libs)
        super().run()
        pkg = os.path.join(HERE if self.inplace else self.build_lib, "taxonc", "bin")
        os.makedirs(pkg, exist_ok=True)
        shutil.copy2(os.path.join(out, "taxonc"), os.path.join(pkg, "taxonc"))
        os.chmod(os.path.join(pkg, "taxonc"), 0o755)


setup(
    ext_modules=[Extension("taxonc._taxonc", ["src/taxoncmodule.c"],
                           extra_compile_args=["-std=c11"])],
    cmdclass={"build_ext": BuildWithLibrary},
    options={"build": {"build_base": os.path.abspath(BUILD_DIR)}} if BUILD_DIR else {},
)
