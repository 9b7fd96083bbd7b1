"""Columns the models compute from others on save: rendered HTML, ranks, sort keys."""


def version_sort_key(version: str) -> int:
    """`"5.2"` -> 5_002_000: versions compare as these numbers do."""
    parts = [int(part) for part in version.split(".")][:3]
    parts += [0] * (3 - len(parts))
    return parts[0] * 1_000_000 + min(parts[1], 999) * 1000 + min(parts[2], 999)


def save_derived_with(save_kwargs, source, derived):
    """Keep a derived column in `update_fields` whenever its source is saved."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and source in update_fields:
        save_kwargs["update_fields"] = {*update_fields, derived}
