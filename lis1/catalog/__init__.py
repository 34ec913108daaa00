"""The published catalogue: ``data/`` read, validated and cross-checked."""

from .catalog import Catalog
from .deadlines import Deadline, timeline
from .loader import LoadResult, load_catalog
from .problems import Problem

__all__ = ["Catalog", "Deadline", "LoadResult", "Problem", "load_catalog", "timeline"]
