"""Starter configuration files written by ``snslint init``."""
