"""Two Ray nodes on one machine (``ray.cluster_utils.Cluster``), joined by address: the store
a local ingest makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from scale.ray_support import make_corpus, state

ray = pytest.importorskip("ray", reason="the Ray engine's tests need 'newsevents[ray]'")

import pandas as pd  # noqa: E402
from ray.cluster_utils import Cluster  # noqa: E402

from newsevents.scale import ingest_ray  # noqa: E402
from newsevents.store.ingest import ingest  # noqa: E402


@pytest.fixture
def two_nodes():
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1,
                                                           "include_dashboard": False})
    cluster.add_node(num_cpus=1)
    try:
        yield cluster
    finally:
        ray.shutdown()
        cluster.shutdown()


def test_two_nodes_code_the_corpus_as_a_local_run(tmp_path, two_nodes):
    corpus = [str(make_corpus(tmp_path / "corpus", articles=4))]
    ingest(corpus, tmp_path / "local.db")
    # the driver joins the cluster by its address, as `--address HOST:PORT` does
    tally = ingest_ray(corpus, tmp_path / "ray.db", actors=2, batch_size=1,
                       address=two_nodes.address)
    assert not ray.is_initialized()  # ingest_ray connected, so it disconnected
    assert state(tmp_path / "ray.db") == state(tmp_path / "local.db")
    nodes = set(pd.read_parquet(Path(tally.shards) / "documents")["node"])
    # coded on the cluster's nodes (an actor on each, one CPU each; which actor gets which
    # batch is Ray's choice: under load one actor may take them all, so no spread is asserted)
    assert nodes and nodes <= {node.node_id for node in two_nodes.list_all_nodes()}
