"""The decision's check against the discretion benchmark lives with the penalty procedure
(``procedures/discretion_check.py``, docs/decisions/0029); kept here for the supervision platform's import."""

from .procedures.discretion_check import evaluate_decision

__all__ = ["evaluate_decision"]
