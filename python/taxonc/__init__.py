"""taxonc: validate event logs against a taxonomy, from Python.

A thin front over the C extension taxonc._taxonc (libtaxonc): every verdict
comes from the same code as the `taxonc` command, which this package also
installs (taxonc.command() is its path).

    plan = taxonc.load("taxonomy.yaml")
    summary = plan.validate("events.ndjson.gz")
    summary.to_json()            # == taxonc validate --format json
"""
import os

from ._taxonc import Plan, Summary, TaxonomyError, library_version, load

__all__ = ["Plan", "Summary", "TaxonomyError", "load", "command", "__version__"]
__version__ = library_version


def command():
    """The path of the `taxonc` binary shipped in this package."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "taxonc")
