"""What the messages of a response are, by code: a message's code is its ``extra_tags`` (the
class its box gets on the page), so a test asserts which message came, not its wording."""


def message_codes(response) -> list[str]:
    """The codes of the messages shown on the page of ``response`` (after ``follow=True``)."""
    return [message.extra_tags for message in response.context["messages"]]
