"""Readers: turn paths (files, folders, stdin) into Documents, or Failures that name why."""

from .readers import Failure, estimate_count, iter_documents

__all__ = ["Failure", "estimate_count", "iter_documents"]
