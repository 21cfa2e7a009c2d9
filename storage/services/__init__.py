"""Service functions: the only way processes read and write the database."""
