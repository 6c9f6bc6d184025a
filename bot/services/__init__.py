"""Use cases: the one path through which the chat, officer commands, the admin web, the worker and
the APIs write. Each area is a module; everything is re-exported here (`services.accept(...)`)."""
from bot.services.audit import *  # noqa: F401,F403
from bot.services.reports import *  # noqa: F401,F403
from bot.services.routing import *  # noqa: F401,F403
from bot.services.casework import *  # noqa: F401,F403
from bot.services.citizens import *  # noqa: F401,F403
from bot.services.officers import *  # noqa: F401,F403
from bot.services.officer_queue import *  # noqa: F401,F403
from bot.services.privacy import *  # noqa: F401,F403
from bot.services.erasure import *  # noqa: F401,F403
from bot.services.retention import *  # noqa: F401,F403
