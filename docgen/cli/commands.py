"""Import every command module so that each registers its command on the group."""
# One line per command module; keep sorted.
from . import batch  # noqa: F401
from . import clean  # noqa: F401
from . import convert  # noqa: F401
from . import lint  # noqa: F401
from . import new  # noqa: F401
from . import render  # noqa: F401
from . import serve  # noqa: F401
from . import users  # noqa: F401
from . import validate  # noqa: F401
