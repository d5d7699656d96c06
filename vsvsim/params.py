"""The parameter table: every parameter the registered modules declare.

Each module declares its own parameters (see :mod:`vsvsim.core.module`); this module
re-exports the assembled table and its helpers under the name researchers use
(``from vsvsim.params import PARAMETERS``).
"""

import vsvsim.week  # noqa: F401  (registers the built-in modules: fills PARAMETERS)
from vsvsim.core.params import (
    GROUPS,
    LEVEL_SHARES,
    PARAMETERS,
    Param,
    ParamError,
    check_consistency,
    defaults,
    validate_value,
)

__all__ = [
    "GROUPS",
    "LEVEL_SHARES",
    "PARAMETERS",
    "Param",
    "ParamError",
    "check_consistency",
    "defaults",
    "validate_value",
]
