"""The runtime companion: the only part of wdlint that imports torch."""

from wdlint.runtime.check import check
from wdlint.runtime.groups import param_groups
from wdlint.runtime.hook import install
from wdlint.runtime.report import Finding, Report, WeightDecayError, WeightDecayWarning

__all__ = ["Finding", "Report", "WeightDecayError", "WeightDecayWarning", "check", "install", "param_groups"]
