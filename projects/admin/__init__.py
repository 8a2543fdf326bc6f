"""The admin pages of ``projects``, registered by importing their modules."""

from projects.admin import entry, eu_data, reference, users

__all__ = ["entry", "eu_data", "reference", "users"]
