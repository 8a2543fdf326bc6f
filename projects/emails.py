"""E-mails the yearly round sends; texts live in templates/emails/."""
