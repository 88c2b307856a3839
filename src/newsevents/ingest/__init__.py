"""Readers: turn paths (files, folders, stdin) into Documents, or Failures that name why."""

from .readers import Failure, iter_documents

__all__ = ["Failure", "iter_documents"]
