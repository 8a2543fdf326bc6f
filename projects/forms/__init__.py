"""The forms of ``projects``: ``entry`` (projects, payouts, the narrative), ``fields`` (Swedish
amounts and dates), ``account`` (signing in)."""
