"""Workflow steps and writes that touch several models: keyword-only, atomic, validated."""
