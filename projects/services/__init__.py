"""Workflow steps and writes that touch several models: keyword-only, atomic, validated.

``review`` holds the development coordinator's steps (years, review, reminders), ``entry`` the
administration coordinator's (projects, payouts, narrative, import, submit), ``endings`` last
year's projects marked as ended early, ``locks`` what both check before writing and the one way
a submission changes state, ``single_sign_on`` which account an Entra ID sign-in reaches.
"""

from projects.services.endings import project_ending_mark, project_ending_undo
from projects.services.entry import (
    SubmitRefused,
    project_report_remove,
    project_report_restore,
    project_report_save,
    projects_copy_forward,
    submission_import_workbook,
    submission_narrative_update,
    submission_submit,
)
from projects.services.locks import APPROVE, REOPEN, RETURN, SUBMIT, Transition
from projects.services.reference import reference_names_refresh
from projects.services.review import (
    ReminderResult,
    reminders_send,
    reporting_year_close,
    reporting_year_open,
    reporting_year_reopen,
    submission_approve,
    submission_comment_add,
    submission_reopen,
    submission_return,
)
from projects.services.single_sign_on import (
    SingleSignOnRefused,
    single_sign_on_link_confirm,
    single_sign_on_sign_in,
)
from projects.services.users import user_role_assign

__all__ = [
    "APPROVE",
    "REOPEN",
    "RETURN",
    "SUBMIT",
    "ReminderResult",
    "SingleSignOnRefused",
    "SubmitRefused",
    "Transition",
    "project_ending_mark",
    "project_ending_undo",
    "project_report_remove",
    "project_report_restore",
    "project_report_save",
    "projects_copy_forward",
    "reference_names_refresh",
    "reminders_send",
    "reporting_year_close",
    "reporting_year_open",
    "reporting_year_reopen",
    "single_sign_on_link_confirm",
    "single_sign_on_sign_in",
    "submission_approve",
    "submission_comment_add",
    "submission_import_workbook",
    "submission_narrative_update",
    "submission_reopen",
    "submission_return",
    "submission_submit",
    "user_role_assign",
]
