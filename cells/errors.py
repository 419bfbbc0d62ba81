"""One exception type for everything a user can get wrong.

The CLI turns it into a single `error: --option: message` line and exit code 2, so
every check in the numeric core names the option the user has to fix.
"""


class InputError(ValueError):
    """A user-facing problem with an option's value (never a bug in this code)."""

    def __init__(self, option: str, message: str):
        super().__init__(f"{option}: {message}" if option else message)
        self.option = option
        self.message = message

    def __reduce__(self):  # crosses process boundaries (parallel renders, batch jobs)
        return (type(self), (self.option, self.message))
