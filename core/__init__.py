"""Pieces shared by every process: settings and Vietnamese text handling."""
