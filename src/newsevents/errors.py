"""The one error type a bad input raises: its message is the reason, shown after the input."""


class InputError(Exception):
    """A document that cannot be read or cleaned; the batch goes on without it."""
