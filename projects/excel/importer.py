"""Read a filled template, check it with the entry rules, and plan (then apply) the changes.

``plan_import`` never writes. ``apply_plan`` writes and is only called from the service
``submission_import_workbook``, inside one transaction. The work is split by stage:
``cells`` (values and their places), ``plan`` (what an upload would do), ``planner`` and
``payout_planner`` (the rows checked and compared), ``reader`` (opening the file) and
``writer`` (applying a plan).
"""

from projects.excel.cells import CellError
from projects.excel.issues import Issue
from projects.excel.plan import PAYOUT_FIELDS, PROJECT_FIELDS, ImportPlan, PayoutRow, ProjectRow
from projects.excel.reader import current_plan, ensure_importable, plan_import
from projects.excel.writer import apply_plan

__all__ = [
    "PAYOUT_FIELDS",
    "PROJECT_FIELDS",
    "CellError",
    "ImportPlan",
    "Issue",
    "PayoutRow",
    "ProjectRow",
    "apply_plan",
    "current_plan",
    "ensure_importable",
    "plan_import",
]
