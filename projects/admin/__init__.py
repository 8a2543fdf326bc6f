"""The admin pages of ``projects``, registered by importing their modules."""

from projects.admin import entry, reference, users

__all__ = ["entry", "reference", "users"]
