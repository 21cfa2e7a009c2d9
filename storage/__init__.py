"""The single source of truth: models, migrations and the service functions every process calls."""
