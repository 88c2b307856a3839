"""Scale-out ingest on Ray (``pip install 'newsevents[ray]'``; docs/SCALE.md).

``ingest_ray(paths, db, actors=N, batch_size=B, address=None, shards=DIR)`` gives the store
a local ``store.ingest.ingest`` would, coding documents on a Ray actor pool and keeping the
results as Parquet shards partitioned by publication month. Ray is imported only when used.
"""

from .engine import INSTALL_HINT, RayMissing, RayTally, ingest_ray, quiet_ray, require_ray

__all__ = ["INSTALL_HINT", "RayMissing", "RayTally", "ingest_ray", "quiet_ray", "require_ray"]
