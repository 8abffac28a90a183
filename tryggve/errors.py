"""Input that cannot be stored: a message per field, in Swedish, and an HTTP status."""


class InputError(Exception):
    def __init__(self, errors: dict[str, list[str]], status: int = 422):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors
        self.status = status
